import { expose } from 'comlink';
import { computeRisk, describeCard } from './pipeline';
import type { PrnnWorkerApi } from './api';

const api: PrnnWorkerApi = { describeCard, compute: computeRisk };
expose(api);
