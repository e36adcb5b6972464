#!/usr/bin/env bash
# Hyper-parameter sweep run once on a lent 16-core machine (see the model cards):
# every variant below trains single-threaded in parallel for at most $T seconds,
# spaCy keeps the best-scoring checkpoint (model-best) at each evaluation, and the
# best variant per task is packed into $OUT.  Not part of the Makefile recipe,
# which rebuilds the chosen variants on 2 cores; kept to document what was tried.
# Expects models/build/ (converted corpora, dev/site.zip with spaCy wheels
# unpacked, dev/sm_ner = en_core_web_sm's ner) to have been carried along.
set -u
T=${T:-470}
cd "$(dirname "$0")/../build"
python3 -c "import zipfile; zipfile.ZipFile('dev/site.zip').extractall('/tmp/site')"
export PYTHONPATH=/tmp/site/devsite OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONUNBUFFERED=1
python3 -c "import spacy; print('spacy', spacy.__version__)" || exit 1
C=/tmp/c; R=/tmp/runs; mkdir -p $C/sv1 $C/sv2 $C/sv3 $C/svdev $R
cp sv/ner/ner-snc-train.spacy sv/ner/ner-uner-sv-train.spacy $C/sv1/
cp sv/ner/ner-snc-train.spacy sv/ner/ner-uner-sv-train.spacy sv/ner/ner-da.spacy sv/ner/ner-nb.spacy sv/ner/ner-nn.spacy $C/sv2/
cp sv/ner/ner-da.spacy sv/ner/ner-nb.spacy $C/sv3/
for k in 1 2; do for f in snc-train uner-sv-train; do cp sv/ner/ner-$f.spacy $C/sv3/$f-$k.spacy; done; done
cp sv/ner/ner-snc-dev.spacy sv/ner/ner-uner-sv-dev.spacy $C/svdev/
CFG=../train
NORMS='{"@callbacks":"triangulate.copy_norms.v1","source":"dev/sm_ner"}'
T2V='{"@callbacks":"triangulate.copy_ner_tok2vec.v1","source":"dev/sm_ner"}'
W='components.ner.model.tok2vec'

job() {  # name, then spacy train arguments
  local name=$1; shift
  timeout $T python3 -m spacy train "$@" --code $CFG/callbacks.py --output $R/$name \
    --training.max_steps 100000 --training.patience 100000 --training.eval_frequency 400 \
    > $R/$name.log 2>&1 &
}
EN="$CFG/ner.cfg --paths.train en/train.spacy --paths.dev en/dev.spacy --nlp.lang en"
job en-t96 $EN --initialize.before_init "$NORMS" --initialize.after_init "$T2V"
job en-t96-d2 $EN --initialize.before_init "$NORMS" --initialize.after_init "$T2V" --training.dropout 0.2
job en-s96 $EN --initialize.before_init "$NORMS"
job en-s128d6 $EN --initialize.before_init "$NORMS" --$W.encode.width 128 --$W.encode.depth 6 --$W.embed.rows '[10000,2000,5000,2500]'
SV="$CFG/ner.cfg --paths.dev $C/svdev --nlp.lang sv"
job sv1-96 $SV --paths.train $C/sv1
job sv2-96 $SV --paths.train $C/sv2
job sv2-128d6 $SV --paths.train $C/sv2 --$W.encode.width 128 --$W.encode.depth 6 --$W.embed.rows '[10000,2000,5000,2500]'
job sv2-160 $SV --paths.train $C/sv2 --$W.encode.width 160 --$W.embed.rows '[10000,2000,5000,2500]'
job sv3-128 $SV --paths.train $C/sv3 --$W.encode.width 128 --$W.embed.rows '[10000,2000,5000,2500]'
UD="$CFG/sv-ud.cfg --paths.train sv/ud/ud-train.spacy --paths.dev sv/ud/sv_talbanken-ud-dev.spacy"
U='components.tok2vec.model'
job ud-96 $UD
job ud-128d6 $UD --$U.encode.width 128 --$U.encode.depth 6
job ud-160 $UD --$U.encode.width 160 --$U.embed.rows '[10000,2000,5000,2500]'
wait
echo "=== trained"; date
for d in $R/*/model-best; do
  n=$(basename $(dirname $d))
  case $n in
    en-*) python3 -m spacy evaluate $d en/dev.spacy --per-component > $R/$n.eval 2>&1 & ;;
    sv*) (python3 -m spacy evaluate $d sv/ner/ner-snc-dev.spacy > $R/$n.eval 2>&1;
          python3 -m spacy evaluate $d sv/ner/ner-uner-sv-dev.spacy >> $R/$n.eval 2>&1) & ;;
    ud-*) python3 -m spacy evaluate $d sv/ud/sv_talbanken-ud-dev.spacy > $R/$n.eval 2>&1 & ;;
  esac
done
wait
python3 - <<'EOF' > $R/summary.txt
import json, glob, os
for d in sorted(glob.glob('/tmp/runs/*/model-best')):
    m = json.load(open(d + '/meta.json'))
    perf = {k: v for k, v in m.get('performance', {}).items() if not isinstance(v, dict)}
    print(os.path.basename(os.path.dirname(d)), json.dumps(perf))
EOF
cat $R/summary.txt
python3 - <<'EOF' > $R/best.txt
import json, glob, os
best = {}
for d in glob.glob('/tmp/runs/*/model-best'):
    n = os.path.basename(os.path.dirname(d)); g = n.split('-')[0][:2]
    p = json.load(open(d + '/meta.json')).get('performance', {})
    s = p.get('ents_f') or 0.0
    if g == 'ud':
        s = (p.get('dep_las') or 0) + (p.get('pos_acc') or 0)
    if s > best.get(g, ('', -1))[1]:
        best[g] = (n, s)
for g, (n, s) in best.items():
    print(n)
EOF
cat $R/best.txt
tar czf $OUT/logs.tgz -C $R $(cd $R && ls *.log *.eval summary.txt best.txt)
for n in $(cat $R/best.txt); do tar czf $OUT/$n.tgz -C $R/$n model-best; done
ls -la $OUT
