#!/usr/bin/env python3
"""The Keras 3 peer of `gan bench`: the product's dcgan and dcgan-bn (32x32x1, MNIST's recipe)
written as a Keras user would (Sequential models, a tf.function train step), timed the way
`gan bench` times its cases (synthetic images held in memory, warm-up steps, then the median of
timed windows). One JSON line per case, in `gan bench`'s keys, so docs/bench-step.sh can put
the peer in the same table.

A benchmark script, run only when asked (never by CI):

    pip install tensorflow-cpu==2.21.0      # brings Keras 3
    python3 docs/keras_peer.py --case dcgan --batch-size 256 --update one-pass

Updates, as `gan train --update` names them (docs/DESIGN.md, "The step"):
  alternating  D on N real and N generated images, then G on N fresh latents (two G passes)
  one-pass     pytorch/examples' step: one G pass; D's update, then G's through D's new weights
  keras-io     keras.io's DCGAN example: D on concat(generated, real), then G on fresh latents
"""
import argparse
import json
import os
import statistics
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras import layers  # noqa: E402

LATENT = 100


def dcgan():
    """The Keras tutorial's MNIST DCGAN (the product's `dcgan`, sigmoid recipe): G dense ->
    7x7x128 -> two 4x4 stride-2 transposed convolutions -> 28x28x1; D two 3x3 stride-2
    convolutions with dropout 0.4 and a dense logit. LeakyReLU(0.2), Glorot-uniform weights."""
    g = keras.Sequential(
        [
            keras.Input((LATENT,)),
            layers.Dense(7 * 7 * 128),  # [N, 6272]
            layers.LeakyReLU(0.2),
            layers.Reshape((7, 7, 128)),  # [N, 7, 7, 128]
            layers.Conv2DTranspose(128, 4, 2, padding="same"),  # [N, 14, 14, 128]
            layers.LeakyReLU(0.2),
            layers.Conv2DTranspose(128, 4, 2, padding="same"),  # [N, 28, 28, 128]
            layers.LeakyReLU(0.2),
            layers.Conv2D(1, 7, padding="same", activation="sigmoid"),  # [N, 28, 28, 1]
            layers.Rescaling(2.0, offset=-1.0),  # [0, 1] -> [-1, 1]
        ]
    )
    d = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Rescaling(0.5, offset=0.5),  # [-1, 1] -> [0, 1]
            layers.Conv2D(64, 3, 2, padding="same"),  # [N, 14, 14, 64]
            layers.LeakyReLU(0.2),
            layers.Dropout(0.4),
            layers.Conv2D(64, 3, 2, padding="same"),  # [N, 7, 7, 64]
            layers.LeakyReLU(0.2),
            layers.Dropout(0.4),
            layers.Flatten(),  # [N, 3136]
            layers.Dense(1),  # [N, 1] logit
        ]
    )
    return g, d, (28, 28, 1), 2e-4, "normal"


def dcgan_bn_32(g_width=32):
    """The product's dcgan-bn on MNIST padded to 32x32 (base width 32, lr 2e-3): G [4,4,4g] ->
    [8,8,2g] -> [16,16,g] -> [32,32,1] with 5x5 stride-2 transposed convolutions, batch norm and
    ReLU, tanh last; D mirrors it with LeakyReLU(0.2) and batch norm but on the first layer.
    Weights N(0, 0.02), the paper's."""
    init = keras.initializers.RandomNormal(stddev=0.02)

    def up(filters, bias=False):
        return layers.Conv2DTranspose(
            filters, 5, 2, padding="same", use_bias=bias, kernel_initializer=init
        )

    def down(filters, bias=False):
        return layers.Conv2D(filters, 5, 2, padding="same", use_bias=bias, kernel_initializer=init)

    g = keras.Sequential(
        [
            keras.Input((LATENT,)),
            layers.Dense(4 * 4 * 4 * g_width, kernel_initializer=init),  # [N, 4*4*4g]
            layers.Reshape((4, 4, 4 * g_width)),  # [N, 4, 4, 4g]
            layers.BatchNormalization(),
            layers.ReLU(),
            up(2 * g_width),  # [N, 8, 8, 2g]
            layers.BatchNormalization(),
            layers.ReLU(),
            up(g_width),  # [N, 16, 16, g]
            layers.BatchNormalization(),
            layers.ReLU(),
            up(1, bias=True),  # [N, 32, 32, 1]
            layers.Activation("tanh"),
        ]
    )
    d = keras.Sequential(
        [
            keras.Input((32, 32, 1)),
            down(g_width, bias=True),  # [N, 16, 16, g]
            layers.LeakyReLU(0.2),
            down(2 * g_width),  # [N, 8, 8, 2g]
            layers.BatchNormalization(),
            layers.LeakyReLU(0.2),
            down(4 * g_width),  # [N, 4, 4, 4g]
            layers.BatchNormalization(),
            layers.LeakyReLU(0.2),
            layers.Flatten(),  # [N, 64g]
            layers.Dense(1, kernel_initializer=init),  # [N, 1] logit
        ]
    )
    return g, d, (32, 32, 1), 2e-3, "uniform"


CASES = {"dcgan": dcgan, "dcgan-bn-32": dcgan_bn_32}
DEFAULT_BATCH = {"dcgan": 256, "dcgan-bn-32": 64}


def bce(logits, target):
    """Sigmoid cross-entropy on logits against a constant target (0.9: one-sided smoothing)."""
    return tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(tf.fill(tf.shape(logits), target), logits)
    )


def make_step(g, d, update, batch, noise):
    g_opt = keras.optimizers.Adam(g.lr, beta_1=0.5)
    d_opt = keras.optimizers.Adam(g.lr, beta_1=0.5)

    def latents():
        if noise == "uniform":
            return tf.random.uniform((batch, LATENT), -1.0, 1.0)
        return tf.random.normal((batch, LATENT))

    def d_update(real, fake):
        with tf.GradientTape() as tape:
            if update == "keras-io":
                logits = d(tf.concat([fake, real], 0), training=True)
                loss = bce(logits[:batch], 0.0) + bce(logits[batch:], 0.9)
            else:
                loss = bce(d(real, training=True), 0.9) + bce(d(fake, training=True), 0.0)
        d_opt.apply_gradients(zip(tape.gradient(loss, d.trainable_variables), d.trainable_variables))

    def g_update(z):
        with tf.GradientTape() as tape:
            loss = bce(d(g(z, training=True), training=True), 1.0)
        g_opt.apply_gradients(zip(tape.gradient(loss, g.trainable_variables), g.trainable_variables))

    @tf.function(jit_compile=False)
    def step(real):
        if update == "one-pass":
            with tf.GradientTape() as g_tape:
                fake = g(latents(), training=True)
                d_update(real, tf.stop_gradient(fake))
                g_loss = bce(d(fake, training=True), 1.0)  # through D's new weights
            grads = g_tape.gradient(g_loss, g.trainable_variables)
            g_opt.apply_gradients(zip(grads, g.trainable_variables))
        else:
            d_update(real, g(latents(), training=True))
            g_update(latents())

    return step


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), default="dcgan")
    parser.add_argument("--update", choices=["alternating", "one-pass", "keras-io"], default="one-pass")
    parser.add_argument("--batch-size", type=int, default=0, help="0 = the case's default")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--windows", type=int, default=5)
    parser.add_argument("--window-seconds", type=float, default=3.0)
    args = parser.parse_args()
    batch = args.batch_size or DEFAULT_BATCH[args.case]
    g, d, shape, lr, noise = CASES[args.case]()
    g.lr = lr
    step = make_step(g, d, args.update, batch, noise)
    real = tf.random.uniform((batch,) + shape, -1.0, 1.0)
    for _ in range(args.warmup):
        step(real)
    start = time.perf_counter()
    step(real)
    step_seconds = time.perf_counter() - start
    steps = max(1, round(args.window_seconds / step_seconds))
    rates = []
    for _ in range(args.windows):
        start = time.perf_counter()
        for _ in range(steps):
            step(real)
        rates.append(steps * batch / (time.perf_counter() - start))
    print(
        json.dumps(
            {
                "case": "keras-" + args.case,
                "kind": "train",
                "batch_size": batch,
                "update": args.update,
                "steps_per_window": steps,
                "images_per_sec_median": round(statistics.median(rates), 1),
                "images_per_sec_min": round(min(rates), 1),
                "images_per_sec_max": round(max(rates), 1),
                "windows": [round(r, 1) for r in rates],
                "tensorflow": tf.__version__,
                "keras": keras.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
