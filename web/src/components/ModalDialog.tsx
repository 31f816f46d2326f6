// A modal dialog on the browser's own <dialog> (showModal): focus moves into it and stays there, the
// page behind is inert, Escape closes it, and focus returns where it was. Rendered while open; the
// caller unmounts it to close. (Fluent's Dialog hides the page with aria-hidden through its focus
// manager; the native element needs none of that.)
import { makeStyles, shorthands, Text, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, type ReactNode } from 'react';

const useStyles = makeStyles({
  dialog: {
    width: 'min(36rem, calc(100vw - 32px))',
    ...shorthands.border('1px', 'solid', tokens.colorTransparentStroke),
    borderRadius: tokens.borderRadiusXLarge,
    boxShadow: tokens.shadow64,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    ...shorthands.padding('24px'),
    '::backdrop': { backgroundColor: 'rgba(0, 0, 0, 0.4)' },
  },
  body: { display: 'grid', gap: '16px' },
});

export function ModalDialog({
  title,
  onClose,
  children,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
}) {
  const styles = useStyles();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      before?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className={styles.body}>
        <Text as="h2" id={titleId} size={500} weight="semibold">
          {title}
        </Text>
        {children}
      </div>
    </dialog>
  );
}
