#!/usr/bin/env bash
# Second, shorter sweep (Swedish NER only) on the lent 16-core machine: variants of
# the sv1 setting (swedish-ner-corpus + UNER Swedish), each single-threaded for $T s,
# compared at equal step counts with the first sweep.  Same setup as sweep_device.sh.
set -u
T=${T:-260}
cd "$(dirname "$0")/../build"
python3 -c "import zipfile; zipfile.ZipFile('dev/site.zip').extractall('/tmp/site')"
export PYTHONPATH=/tmp/site/devsite OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONUNBUFFERED=1
C=/tmp/c; R=/tmp/runs; mkdir -p $C/snc $C/sv1 $C/sv1da $C/sv1danb $C/sv1nb $C/sv3 $C/svdev $R
N=sv/ner
cp $N/ner-snc-train.spacy $C/snc/
cp $N/ner-snc-train.spacy $N/ner-uner-sv-train.spacy $C/sv1/
cp $N/ner-snc-train.spacy $N/ner-uner-sv-train.spacy $N/ner-da.spacy $C/sv1da/
cp $N/ner-snc-train.spacy $N/ner-uner-sv-train.spacy $N/ner-da.spacy $N/ner-nb.spacy $C/sv1danb/
cp $N/ner-snc-train.spacy $N/ner-uner-sv-train.spacy $N/ner-nb.spacy $C/sv1nb/
cp $N/ner-da.spacy $N/ner-nb.spacy $N/ner-nn.spacy $C/sv3/
for k in 1 2 3; do for f in snc-train uner-sv-train; do cp $N/ner-$f.spacy $C/sv3/$f-$k.spacy; done; done
cp $N/ner-snc-dev.spacy $N/ner-uner-sv-dev.spacy $C/svdev/
W='components.ner.model.tok2vec'
job() {
  local name=$1; shift
  timeout $T python3 -m spacy train ../train/ner.cfg --nlp.lang sv --paths.dev $C/svdev --output $R/$name \
    --training.max_steps 100000 --training.patience 100000 --training.eval_frequency 400 "$@" \
    > $R/$name.log 2>&1 &
}
job snc --paths.train $C/snc
job d2 --paths.train $C/sv1 --training.dropout 0.2
job w128 --paths.train $C/sv1 --$W.encode.width 128 --$W.embed.rows '[10000,2000,5000,2500]'
job b500 --paths.train $C/sv1 --training.batcher.size.stop 500
job lr2 --paths.train $C/sv1 --training.optimizer.learn_rate 0.002
job da --paths.train $C/sv1da
job danb --paths.train $C/sv1danb
job nb --paths.train $C/sv1nb
job win2 --paths.train $C/sv1 --$W.encode.window_size 2
job dep6 --paths.train $C/sv1 --$W.encode.depth 6
job h128 --paths.train $C/sv1 --components.ner.model.hidden_width 128
job sv3x --paths.train $C/sv3
wait
for f in $R/*.log; do echo "== $(basename $f .log)"; grep -E "^ *[0-9]+ +[0-9]+ " $f | tail -4; done > $R/summary.txt
cat $R/summary.txt
python3 - <<'PY' > $R/best.txt
import json, glob, os
best = max(glob.glob('/tmp/runs/*/model-best'), key=lambda d: json.load(open(d + '/meta.json'))['performance']['ents_f'])
print(os.path.basename(os.path.dirname(best)))
PY
cat $R/best.txt
tar czf $OUT/logs2.tgz -C $R $(cd $R && ls *.log summary.txt best.txt)
for n in $(cat $R/best.txt); do tar czf $OUT/sv2-$n.tgz -C $R/$n model-best; done
