package dev.iii.sdk.internal.runtime;

import dev.iii.sdk.ErrorCodes;
import dev.iii.sdk.ForbiddenException;
import dev.iii.sdk.InvocationException;
import dev.iii.sdk.internal.wire.WireMessage.ErrorBody;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Maps between handler exceptions and wire {@link ErrorBody}s, and from wire errors to caller exceptions. */
final class Errors {
  private Errors() {}

  /** What a callee sends when its handler threw {@code t}. */
  static ErrorBody fromHandlerFailure(Throwable t) {
    Throwable e = unwrap(t);
    if (e instanceof InvocationException ie) {
      return new ErrorBody(
          ie.code(), ie.errorMessage(), ie.remoteStacktrace() != null ? ie.remoteStacktrace() : stackTrace(ie));
    }
    String message = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
    return new ErrorBody(ErrorCodes.INVOCATION_FAILED, message, stackTrace(e));
  }

  /** What a caller sees for an {@code invocationresult.error}. */
  static InvocationException toException(ErrorBody error, String functionId, String invocationId) {
    if (ErrorCodes.FORBIDDEN.equals(error.code())) {
      return new ForbiddenException(error.message(), error.stacktrace(), functionId, invocationId, null);
    }
    if (ErrorCodes.ENQUEUE_ERROR.equals(error.code())) {
      return new dev.iii.sdk.EnqueueException(error.message(), error.stacktrace(), functionId, invocationId, null);
    }
    return new InvocationException(
        error.code(), error.message(), error.stacktrace(), functionId, invocationId, null);
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static String stackTrace(Throwable t) {
    StringWriter sw = new StringWriter();
    t.printStackTrace(new PrintWriter(sw));
    return sw.toString();
  }
}
