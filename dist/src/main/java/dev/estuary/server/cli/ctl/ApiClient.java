package dev.estuary.server.cli.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.StringJoiner;

/** A small client of the management API for {@code estuary ctl}: JSON in, JSON out, errors as {@link CtlException}. */
final class ApiClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base, String credentials) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** One path segment, percent-encoded (client ids and user names may hold '/', '?', '#'...). */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path with query parameters (null values left out). */
    static String query(String path, Map<String, ?> params) {
        StringJoiner j = new StringJoiner("&");
        params.forEach((k, v) -> {
            if (v != null) {
                j.add(k + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
            }
        });
        return j.length() == 0 ? path : path + "?" + j;
    }

    JsonNode get(String path) {
        return json(send("GET", path, null));
    }

    String getText(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return json(send("POST", path, body));
    }

    JsonNode put(String path, Object body) {
        return json(send("PUT", path, body));
    }

    void delete(String path) {
        send("DELETE", path, null);
    }

    private static JsonNode json(String body) {
        if (body.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CtlException("the management API answered something that is not JSON: " + e.getMessage());
        }
    }

    private String send(String method, String path, Object body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json");
        if (body != null) {
            try {
                req.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            req.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> res;
        try {
            res = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CtlException("cannot reach the management API at " + base + " (is the gateway running? "
                    + "see management.bind, or give --url)");
        } catch (IOException e) {
            throw new CtlException("management API at " + base + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException("interrupted");
        }
        if (res.statusCode() / 100 != 2) {
            String message = res.body();
            try {
                JsonNode err = JSON.readTree(res.body());
                if (err != null && err.has("message")) {
                    message = err.get("message").asText();
                }
            } catch (IOException notJson) {
                // the raw body then
            }
            throw new CtlException(message + " (HTTP " + res.statusCode() + ")");
        }
        return res.body();
    }
}
