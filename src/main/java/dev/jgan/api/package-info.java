/**
 * The library face of jgan for services that embed it: {@link dev.jgan.api.Generator} opens an
 * exported generator (a run folder or a SavedModel folder) and makes images as float arrays, {@code
 * BufferedImage}s or PNG bytes. It depends on slf4j-api only; bring your own binding.
 */
package dev.jgan.api;
