// The ci rules, one import per rule file, kept sorted by id.
import type { Rule } from '../../rule.js';
import ciDindNoTls from './ci-dind-no-tls.js';
import ciDindService from './ci-dind-service.js';
import ciDockerSocket from './ci-docker-socket.js';
import ciPrivileged from './ci-privileged.js';

export const ciRules: Rule[] = [ciDindNoTls, ciDindService, ciDockerSocket, ciPrivileged];
