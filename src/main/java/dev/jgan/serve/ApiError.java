package dev.jgan.serve;

/**
 * A request the server answers with an error: the HTTP status TensorFlow Serving uses for the case
 * (400 invalid argument, 404 not found, 503 unavailable, 504 deadline exceeded) and a message for
 * the {@code {"error": "..."}} body.
 */
final class ApiError extends RuntimeException {
  final int status;

  ApiError(int status, String message) {
    super(message, null, false, false); // an answer, not a failure: no stack trace
    this.status = status;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, message);
  }
}
