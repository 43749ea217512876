import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCardFeatures, validateCard } from '../../extension/src/signature/modelCard';
import { REPO_ROOT } from '../support/fixtures';

const cardText = readFileSync(join(REPO_ROOT, 'test', 'reference', 'signature', 'forest_deep.card.json'), 'utf8');

/** A fresh deep copy of a valid card (exported by tools/export_sklearn_card.py), changed by `edit`. */
function cardWith(edit: (card: any) => void): unknown {
  const card = JSON.parse(cardText);
  edit(card);
  return card;
}

describe('validateCard', () => {
  it('accepts an exported card', () => {
    expect(validateCard(cardWith(() => undefined)).model.kind).toBe('sklearn-forest');
  });

  it.each([
    ['a missing required field', (c: any) => delete c.notForClinicalUse, "card is missing the required field 'notForClinicalUse'"],
    ['an unknown field', (c: any) => (c.colour = 'red'), "card has an unknown field 'colour'"],
    ['a wrong format tag', (c: any) => (c.cardFormat = 'other'), 'card.cardFormat must be "prnn-model-card/1"'],
    ['an unknown provenance', (c: any) => (c.provenance.kind = 'guessed'), 'card.provenance.kind must be equal to one of the allowed values'],
    ['a zero std', (c: any) => (c.features[2].std = 0), 'card.features[2].std must be > 0'],
    ['a threshold above 1', (c: any) => (c.threshold.value = 1.5), 'card.threshold.value must be <= 1'],
    ['an unknown model kind', (c: any) => (c.model.kind = 'xgboost'), 'card.model.kind must be equal to one of the allowed values'],
    ['a tree without thresholds', (c: any) => delete c.model.trees[4].threshold, "card.model.trees[4] is missing the required field 'threshold'"],
    ['a non-numeric threshold', (c: any) => (c.model.trees[1].threshold[0] = 'x'), 'card.model.trees[1].threshold[0] must be number'],
    ['a duplicated feature', (c: any) => (c.features[1].name = c.features[0].name), "card.features[1].name 'original_firstorder_RootMeanSquared_T2' appears twice"],
    ['a feature of an unknown sequence', (c: any) => (c.features[0].sequence = 'FLAIR'), "card.features[0].sequence 'FLAIR' is not one of card.extraction.sequences"],
    ['a positive class not among the classes', (c: any) => (c.model.positiveClass = 2), 'card.model.positiveClass 2 is not one of card.model.classes [0,1]'],
    ['a split on a feature the card lacks', (c: any) => (c.model.trees[3].feature[0] = 6), "card.model.trees[3].feature[0] = 6 is not an index into the card's 6 features"],
    ['arrays of different lengths', (c: any) => c.model.trees[0].value.pop(), 'card.model.trees[0].value has'],
    ['a leaf whose probabilities do not sum to 1', (c: any) => {
      const tree = c.model.trees[0];
      tree.value[tree.childrenLeft.indexOf(-1)] = [0.5, 0.6];
    }, 'class probabilities sum to 1.1, not 1'],
    ['a node with one child', (c: any) => (c.model.trees[0].childrenRight[0] = -1), 'card.model.trees[0] node 0 has one child only'],
  ])('refuses %s with a precise message', (_, edit, message) => {
    expect(() => validateCard(cardWith(edit))).toThrow(message);
  });

  it('refuses what is not an object', () => {
    expect(() => validateCard([])).toThrow('card must be object');
  });
});

describe('checkCardFeatures', () => {
  const card = validateCard(cardWith(() => undefined));
  const names = card.features.map((f) => f.name);

  it('accepts a card whose features the engine produces', () => {
    expect(() => checkCardFeatures(card, [...names, 'original_shape_Elongation_T1'])).not.toThrow();
  });

  it('refuses a card needing features the engine does not produce, naming them', () => {
    expect(() => checkCardFeatures(card, names.slice(1))).toThrow(
      "Model card 'deep' needs 1 feature(s) the engine does not produce with its extraction settings: original_firstorder_RootMeanSquared_T2",
    );
  });
});
