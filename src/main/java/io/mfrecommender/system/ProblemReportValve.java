package io.mfrecommender.system;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.MediaType;

/**
 * Tomcat's error report for what it refuses before Spring MVC sees the request (a URL or header
 * over the limit, an encoded slash, a malformed request line, a bad {@code Content-Length}, an
 * unsupported HTTP version): the service's problem document instead of Tomcat's HTML page or an
 * empty body. Never names Tomcat, its version or a stack trace.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            String detail = switch (status) {
                case 400 ->
                    "the request could not be read: a malformed request line, header or body framing, an "
                            + "encoded '/' or invalid percent-encoding in the path, or a URL or header over the size limit";
                case 505 -> "only HTTP/1.0 and HTTP/1.1 are supported";
                default -> "the request was refused before it reached the service";
            };
            byte[] body = ProblemBodies.json(
                    status, ProblemBodies.typeOf(status), ProblemBodies.titleOf(status), detail, null, Map.of());
            SecurityHeaders.apply(response);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            response.setContentLength(body.length);
            OutputStream out = response.getOutputStream();
            out.write(body);
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // The client has gone, or the response cannot be written any more: nothing to report to.
        }
    }
}
