import { expose } from 'comlink';
import { computeFeatureMap, computeRisk, describeCard } from './pipeline';
import type { PrnnWorkerApi } from './api';

const api: PrnnWorkerApi = { describeCard, compute: computeRisk, featureMap: computeFeatureMap };
expose(api);
