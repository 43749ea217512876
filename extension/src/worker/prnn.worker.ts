import { expose } from 'comlink';
import { computeComparison, computeFeatureMap, computeRisk, describeCard } from './pipeline';
import type { PrnnWorkerApi } from './api';

const api: PrnnWorkerApi = { describeCard, compute: computeRisk, featureMap: computeFeatureMap, compareReaders: computeComparison };
expose(api);
