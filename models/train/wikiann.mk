# German and French NER from WikiANN (Rahimi et al. 2019 splits); included by Makefile.
#
#   make -C models/train de-ner   # -> src/triangulate/models/de_ner
#   make -C models/train fr-ner   # -> src/triangulate/models/fr_ner
#   make -C models/train -j2 de-ner fr-ner   # both side by side, one core each
#
# Uses ROOT, DATA, PY, NICE, BUILD, TRAIN, DEST and SPACY from the Makefile.
# Train split only; the dev split selects the checkpoint and gives the scores.
# Both are warm-started from fr_core_news_sm's ner tok2vec (same architecture as
# ner.cfg; trained on WikiNER, i.e. Wikipedia, like WikiANN): it must be installed.
# German runs in a blank pipeline at run time, so its norms are spaCy's German
# defaults; nothing is copied into its vocab.
WIKIANN   := $(DATA)/wikiann-rahimi
WIKI_BASE ?= fr_core_news_sm
DE_STEPS  ?= 3000
FR_STEPS  ?= 3000
WIKI_SOURCES := WikiANN / PAN-X (Pan et al. 2017), Rahimi et al. 2019 train split (licence not stated upstream); warm start from fr_core_news_sm ner tok2vec (MIT; WikiNER CC BY 4.0)

.PHONY: de-ner fr-ner
all: de-ner fr-ner

# One sentence (a Wikipedia fragment) per Doc, as `triangulate eval ner` runs them.
# French trains on the train split twice: as WikiANN tokenised it and re-split by
# spaCy's French tokenizer (elisions "l'Union" -> "l'" "Union", as at run time;
# see convert_ner.py _retokenize).  German trains on WikiANN's tokens only.
$(BUILD)/wikiann/%/train.spacy $(BUILD)/wikiann/%/dev.spacy: $(TRAIN)/convert_ner.py
	$(PY) $(TRAIN)/convert_ner.py wikiann $(WIKIANN)/$*/train --lang $* --group 1 --out $(BUILD)/wikiann/$*/train.spacy
	$(PY) $(TRAIN)/convert_ner.py wikiann $(WIKIANN)/$*/dev --lang $* --group 1 --out $(BUILD)/wikiann/$*/dev.spacy

$(BUILD)/wikiann/de/train-set/.done: $(BUILD)/wikiann/de/train.spacy
	mkdir -p $(@D) && cp $< $(@D)/ && touch $@

$(BUILD)/wikiann/fr/train-set/.done: $(BUILD)/wikiann/fr/train.spacy $(TRAIN)/convert_ner.py
	mkdir -p $(@D) && cp $< $(@D)/
	$(PY) $(TRAIN)/convert_ner.py wikiann $(WIKIANN)/fr/train --lang fr --group 1 --retokenize --out $(@D)/train-retok.spacy
	touch $@

$(BUILD)/wikiann/%/out/model-best: $(BUILD)/wikiann/%/train-set/.done $(BUILD)/wikiann/%/dev.spacy $(TRAIN)/ner.cfg $(TRAIN)/callbacks.py
	cd $(BUILD) && OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
	  $(SPACY) train $(TRAIN)/ner.cfg --code $(TRAIN)/callbacks.py \
	  --output $(BUILD)/wikiann/$*/out --nlp.lang $* \
	  --paths.train $(BUILD)/wikiann/$*/train-set --paths.dev $(BUILD)/wikiann/$*/dev.spacy \
	  --training.max_steps $(if $(filter de,$*),$(DE_STEPS),$(FR_STEPS)) \
	  --training.patience 100000 --training.eval_frequency 500 \
	  --initialize.after_init '{"@callbacks":"triangulate.copy_ner_tok2vec.v1","source":"$(WIKI_BASE)"}'

de-ner: $(BUILD)/wikiann/de/out/model-best
	$(PY) $(TRAIN)/package.py $< $(DEST)/de_ner --name de_ner \
	  --description "German NER (PER/ORG/LOC) with embedded tok2vec, added to the blank German pipeline" \
	  --sources "$(WIKI_SOURCES)" --license "unknown (WikiANN states none); research use"
	$(NICE) $(PY) $(TRAIN)/evaluate.py $(DEST)/de_ner $(BUILD)/wikiann/de/dev.spacy
	$(NICE) $(ROOT)/.venv/bin/triangulate eval ner $(WIKIANN)/de/dev --lang de

fr-ner: $(BUILD)/wikiann/fr/out/model-best
	$(PY) $(TRAIN)/package.py $< $(DEST)/fr_ner --name fr_ner \
	  --description "French NER (PER/ORG/LOC) with embedded tok2vec, to be sourced into fr_core_news_sm" \
	  --sources "$(WIKI_SOURCES)" --license "unknown (WikiANN states none); research use"
	$(NICE) $(PY) $(TRAIN)/evaluate.py $(DEST)/fr_ner $(BUILD)/wikiann/fr/dev.spacy --into $(WIKI_BASE)
	$(NICE) $(ROOT)/.venv/bin/triangulate eval ner $(WIKIANN)/fr/dev --lang fr
