package dev.jgan.train;

import dev.jgan.config.GOutput;
import dev.jgan.config.Noise;
import dev.jgan.config.Precision;
import dev.jgan.config.TrainConfig;
import dev.jgan.model.DcGan;
import dev.jgan.model.DcGanBn;
import dev.jgan.model.GanModel;
import dev.jgan.model.ImageShape;
import dev.jgan.model.MlpGan;
import dev.jgan.optim.AdamSettings;
import dev.jgan.train.graph.GanGraph;

/** Builds the model and graph settings a config names. */
public final class Models {
  private Models() {}

  /**
   * The model of a config whose class count is resolved ({@code classes} &gt; 0 when conditional,
   * see {@code TrainRun}).
   */
  public static GanModel create(TrainConfig config, ImageShape image) {
    int classes = config.conditional() ? config.classes() : 0;
    if (config.conditional() && classes < 2) {
      throw new IllegalArgumentException("conditional config with unresolved classes " + classes);
    }
    return switch (config.model()) {
      case MLP ->
          new MlpGan(config.latentDim(), image, config.gHidden(), config.dHidden(), classes);
      case DCGAN ->
          new DcGan(
              config.latentDim(),
              (float) config.dDropout(),
              classes,
              config.gOutput() == GOutput.SIGMOID ? DcGan.Output.SIGMOID : DcGan.Output.TANH);
      case DCGAN_BN -> new DcGanBn(config.latentDim(), image, config.baseWidth(), classes);
    };
  }

  public static GanGraph.Settings graphSettings(TrainConfig config) {
    return new GanGraph.Settings(
        (float) config.realLabel(), // real_label: D's target on real images, the graph's realTarget
        adam(config.dLr(), config),
        adam(config.gLr(), config),
        config.seed(),
        config.update(),
        config.precision() == Precision.BFLOAT16,
        (float) config.emaDecay(),
        config.noise() == Noise.NORMAL,
        config.augment());
  }

  private static AdamSettings adam(double learningRate, TrainConfig config) {
    return new AdamSettings(
        (float) learningRate,
        (float) config.beta1(),
        (float) config.beta2(),
        (float) config.epsilon());
  }
}
