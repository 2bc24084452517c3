package dev.jgan.cli;

public class GanCli {
  public static void main(String[] args) {
    System.out.println(org.tensorflow.TensorFlow.version());
  }
}
