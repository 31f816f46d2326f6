// The app's entry point (package.json "main"): loading it registers every function.
import './appLifecycle';
import './http/health';
import './http/postUsageEvents';
import './http/postIngestUsageEvents';
import './http/getMe';
import './http/getUsageStats';
import './http/getUsageQuarantine';
import './http/getIngestFailures';
import './queue/ingestUsageEvents';
import './timer/maintainUsagePartitions';
