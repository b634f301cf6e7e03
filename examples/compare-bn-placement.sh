#!/usr/bin/env bash
# Compares BN placement (none/before/after) x activation (relu/leakyrelu) with Weka's Experimenter
# (repeated 66% train/test splits, corrected paired t-test) on iris and credit-g, both shipped inside
# weka.jar, and prints the tables for accuracy and dead units.
#
#   examples/compare-bn-placement.sh                       # 10 runs, default network
#   examples/compare-bn-placement.sh -runs 3 -options "-hidden 64x8 -epochs 30" my.arff other.arff
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d target/weka ] && ls target/batchNormMLP-*.jar >/dev/null 2>&1 || mvn -q -B -DskipTests package >&2
jar=$(ls target/batchNormMLP-*.jar | grep -v -e sources -e tests | head -n 1)

args=("$@")
if ! printf '%s\n' "$@" | grep -q '\.arff$'; then
  mkdir -p target/data
  for f in iris credit-g; do
    [ -f "target/data/$f.arff" ] || (cd target/data && unzip -o -q -j ../weka/weka-stable-*.jar \
      "weka/gui/knowledgeflow/templates/$f.arff")
  done
  args+=(target/data/iris.arff target/data/credit-g.arff)
fi
exec java -Xmx4g -Djava.util.logging.config.file=/dev/null -cp "$jar:lib/*:target/weka/*" \
  weka.classifiers.functions.bnmlp.tools.CompareBnPlacement "${args[@]}"
