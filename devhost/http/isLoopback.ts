// Whether a request comes from this machine: devhost's own pages (/dev/...) answer nobody else.
export function isLoopback(address: string | undefined): boolean {
  return address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);
}
