# jgan: GAN trainer on TensorFlow Java 1.0.0 (TensorFlow 2.16.2). See README.md, "Docker".
#
#   docker build -t jgan:gpu .                           # GPU image (default)
#   docker build -t jgan:cpu --build-arg VARIANT=cpu .   # CPU-only image
#   docker run --rm --gpus all jgan:gpu doctor --require-gpu
#
# CUDA and cuDNN: TensorFlow 2.16 was built against CUDA 12.3 and cuDNN 8.9.
#   - tensorflow/java v1.0.0, tensorflow-core/tensorflow-core-native/scripts/dist_download.sh:
#     the linux-x86_64-gpu natives are the libraries of the tensorflow-2.16.2 PyPI wheel.
#   - tensorflow/java v1.0.0, tensorflow-core/tensorflow-core-native/tensorflow.bazelrc (TF 2.16's
#     .bazelrc), config cuda_clang_official used by release_gpu_linux: TF_CUDA_VERSION="12",
#     TF_CUDNN_VERSION="8", CUDA_TOOLKIT_PATH="/usr/local/cuda-12.3", toolchain sigbuild-r2.16.
#   - tensorflow/tensorflow, tensorflow/tools/toolchains/remote_config/configs.bzl (same file in
#     XLA/TSL: tools/toolchains/remote_config/configs.bzl): "sigbuild-r2.16-clang" sets
#     TF_CUDA_VERSION "12.3", TF_CUDNN_VERSION "8.9".
# NVIDIA publishes no nvidia/cuda 12.3 image with cuDNN 8 (its 12.3.2 cuDNN images carry cuDNN 9,
# which TensorFlow 2.16 cannot load: it opens libcudnn.so.8). So the GPU image is the official
# CUDA 12.3.2 runtime image plus cuDNN 8.9.7 for CUDA 12 (libcudnn8 8.9.7.29-1+cuda12.2, the
# cuDNN that TensorFlow 2.16's pip extra pins) from the NVIDIA apt repository the image already
# has configured. GPUs of compute capability 5.0 to 9.0; driver >= 545 (see native/README.md).

ARG VARIANT=gpu

# ---- build: Maven + JDK 17. The only stage with build tools. --------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
ARG VARIANT
WORKDIR /src
# Dependencies first, in their own layer: source edits do not download them again.
COPY pom.xml ./
RUN case "${VARIANT}" in gpu) set -- -Pgpu ;; cpu) set -- ;; \
      *) echo "VARIANT must be gpu or cpu, not '${VARIANT}'" >&2; exit 1 ;; esac \
 && mvn -B -q "$@" dependency:go-offline
COPY models/presets models/presets
# The evaluation classifiers ('gan evaluate'), bundled into gan.jar as resources.
COPY models/classifiers models/classifiers
COPY src/main src/main
# -Pgpu swaps the CPU natives (classifier linux-x86_64) for the CUDA ones (linux-x86_64-gpu).
RUN case "${VARIANT}" in gpu) set -- -Pgpu; natives=linux-x86_64-gpu ;; \
      *) set --; natives=linux-x86_64 ;; esac \
 && mvn -B -q "$@" -DskipTests -Dspotless.check.skip=true package \
 && ls "target/lib/tensorflow-core-native-1.0.0-${natives}.jar"

# ---- runtime bases: a JRE 17 and the libraries TensorFlow's natives need, no build tools ------
FROM eclipse-temurin:17-jre-jammy AS runtime-cpu

FROM nvidia/cuda:12.3.2-runtime-ubuntu22.04 AS runtime-gpu
RUN apt-get update \
 && apt-get install -y --no-install-recommends libcudnn8=8.9.7.29-1+cuda12.2 \
 && apt-mark hold libcudnn8 \
 && rm -rf /var/lib/apt/lists/*
# The same Temurin JRE as the CPU image (Adoptium's documented way to add it to another base).
ENV JAVA_HOME=/opt/java/openjdk
COPY --from=runtime-cpu /opt/java/openjdk /opt/java/openjdk
ENV PATH="/opt/java/openjdk/bin:${PATH}"

# ---- the image ------------------------------------------------------------------------------
# hadolint ignore=DL3006
FROM runtime-${VARIANT}
ARG VARIANT
LABEL org.opencontainers.image.title="jgan" \
      org.opencontainers.image.description="GAN trainer on TensorFlow Java 1.0.0 (TensorFlow 2.16.2)" \
      dev.jgan.variant="${VARIANT}"
COPY --from=build /src/target/gan.jar /opt/jgan/gan.jar
COPY --from=build /src/target/lib /opt/jgan/lib
# JavaCPP unpacks the TensorFlow natives (0.6 GB CPU, 1.2 GB GPU) before first use: do it once
# here, running the doctor as a smoke test of the image, instead of in every new container. The
# folder stays open to any user id (docker run --user) like /tmp; the unpacked files stay root's.
# Then a non-root user, and /runs (run folders) and /data (data sets, caches) that it, or any
# user id given with docker run --user, can write.
ENV JGAN_JAVACPP_CACHE=/opt/jgan/javacpp \
    TF_CPP_MIN_LOG_LEVEL=1 \
    TF_ENABLE_ONEDNN_OPTS=1
RUN java -Dorg.bytedeco.javacpp.cachedir="${JGAN_JAVACPP_CACHE}" -jar /opt/jgan/gan.jar doctor \
 && chmod 1777 "${JGAN_JAVACPP_CACHE}" \
 && chmod 666 "${JGAN_JAVACPP_CACHE}/.lock" \
 && groupadd --system --gid 10001 jgan \
 && useradd --system --uid 10001 --gid jgan --create-home --home-dir /home/jgan \
      --shell /usr/sbin/nologin jgan \
 && mkdir -p /runs /data/cache \
 && chown -R jgan:jgan /runs /data \
 && chmod 1777 /runs /data /data/cache
# Downloads go to /data/cache (JGAN_CACHE), and so does CUDA's JIT cache, at its largest size:
# TensorFlow 2.16 has no sm_90 binaries, so on Hopper GPUs its kernels are compiled from PTX.
ENV JGAN_CACHE=/data/cache \
    CUDA_CACHE_PATH=/data/cache/cuda \
    CUDA_CACHE_MAXSIZE=4294967296
USER jgan
WORKDIR /runs
VOLUME ["/runs", "/data"]
ENTRYPOINT ["java", "-Dorg.bytedeco.javacpp.cachedir=/opt/jgan/javacpp", "-jar", "/opt/jgan/gan.jar"]
CMD ["--help"]
