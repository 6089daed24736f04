package io.tradewind.runtime.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.tradewind.runtime.error.TradewindException;

/**
 * Renders every error as {@code application/problem+json} (RFC 9457) with a stable {@code code} and
 * {@code errors[]} pointing at the culprits. A server error shows only an error id, which is logged
 * with the stack trace.
 */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response tradewind(TradewindException e) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (TradewindException.Violation v : e.violations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pointer", v.pointer());
            m.put("code", v.code());
            m.put("message", v.message());
            errors.add(m);
        }
        return problem(e.status(), e.title(), e.getMessage(), e.code(), errors);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.fromResponse(problem(401, "Sign-in required",
                "This endpoint needs a valid bearer token: sign in with POST /api/auth/token and send"
                        + " 'Authorization: Bearer <access_token>'.",
                "UNAUTHENTICATED", List.of())).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "Not allowed", "You are not allowed to do this.", "ACCESS_DENIED", List.of());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return serverError(e);
        }
        String code = switch (status) {
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "BAD_REQUEST";
        };
        String detail = switch (e) {
            case NotAllowedException n -> "This method is not allowed here.";
            case NotSupportedException n -> "Send the request body as application/json.";
            default -> status == 404 ? "There is nothing at this address." : "The request is not valid.";
        };
        return problem(status, Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase(), detail, code, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (e instanceof TradewindException t) {
            return tradewind(t);
        }
        return serverError(e);
    }

    private Response serverError(Throwable e) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "TW-500 unexpected error, error id %s", id);
        return problem(500, "Internal error", "Something went wrong on the server. Quote error id " + id
                + " to your administrator.", "INTERNAL_ERROR", List.of(), Map.of("errorId", id));
    }

    static Response problem(int status, String title, String detail, String code, List<Map<String, Object>> errors) {
        return problem(status, title, detail, code, errors, Map.of());
    }

    static Response problem(int status, String title, String detail, String code, List<Map<String, Object>> errors,
            Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://tradewind.example.org/problems/" + code.toLowerCase().replace('_', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        body.put("errors", errors);
        body.putAll(extra);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
