package org.together.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (a request it cannot even parse or decode: headers too large, a path with {@code %00} or
 * that is not UTF-8 once decoded) in the services' JSON shape ({@link ErrorBody}) instead of an HTML page, whatever
 * the method, the message naming Jetty's rule. When Jetty will close the connection after it (a request line it
 * could not parse), the answer says {@code Connection: close}, so a client does not send its next request on it.
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** Every method gets a body (Jetty's default writes one for GET, POST and HEAD only). */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    @SuppressWarnings("removal") // still called by Jetty 12.1 for some errors found while parsing
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(ErrorBody.of(status, message(status, reason, null)));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        if (!request.getConnectionMetaData().isPersistent()) {
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(ErrorBody.of(code, message(code, message, cause))), callback);
    }

    /** Jetty's reason, and its cause's where that says more ("Bad Request: Illegal character in path"). */
    static String message(int status, String reason, Throwable cause) {
        String message = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // Jetty's own exception says no more than the reason ("414: null"); what caused it may
        String why = root == null || root instanceof HttpException ? null : root.getMessage();
        return why == null || why.isBlank() || message.contains(why) ? message : message + ": " + why;
    }
}
