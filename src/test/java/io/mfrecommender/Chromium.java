package io.mfrecommender;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol, with nothing but the JDK's
 * WebSocket client: navigate, evaluate JavaScript in the page, take a screenshot. Enough for a test
 * to use a page as a person would, without a driver binary or a browser download.
 */
final class Chromium implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process process;
    private final WebSocket page;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Events the page sent (after {@link #recordProblems()}): console messages, exceptions, log entries. */
    private final Queue<JsonNode> events = new ConcurrentLinkedQueue<>();

    private Chromium(Process process, WebSocket page) {
        this.process = process;
        this.page = page;
    }

    /** The browser binary: {@code CHROMIUM} if set, else Debian's; empty when neither is installed. */
    static Optional<Path> find() {
        String configured = System.getenv("CHROMIUM");
        for (String candidate :
                configured != null ? List.of(configured) : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /**
     * Starts it with a new empty profile; the flags keep it from reaching out to the network (this
     * machine's is closed, and a test must not depend on it).
     */
    static Chromium start(Path binary, Path profile) throws Exception {
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        "--disable-dev-shm-usage",
                        "--window-size=1400,1800",
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--user-data-dir=" + profile,
                        "about:blank")
                .redirectErrorStream(true)
                .start();
        String browserSocket = null;
        BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        StringBuilder seen = new StringBuilder();
        while (browserSocket == null && Instant.now().isBefore(deadline)) {
            String line = output.readLine();
            if (line == null) {
                throw new IOException("Chromium exited before it listened: " + seen);
            }
            seen.append(line).append('\n');
            Matcher matcher = DEVTOOLS.matcher(line);
            if (matcher.find()) {
                browserSocket = matcher.group(1);
            }
        }
        if (browserSocket == null) {
            process.destroyForcibly();
            throw new IOException("Chromium did not open its DevTools port in 30 s: " + seen);
        }
        // Keep draining its output so that it never blocks on a full pipe.
        Thread drain = new Thread(() -> output.lines().forEach(line -> {}), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        URI browser = URI.create(browserSocket);
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(
                        HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        String pageSocket = null;
        for (JsonNode target : targets) {
            if ("page".equals(target.path("type").asString())) {
                pageSocket = target.path("webSocketDebuggerUrl").asString();
            }
        }
        if (pageSocket == null) {
            process.destroyForcibly();
            throw new IOException("Chromium has no page to drive: " + targets);
        }
        Chromium[] self = new Chromium[1];
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            JsonNode reply = JSON.readTree(message.toString());
                            message.setLength(0);
                            if (reply.has("id") && self[0] != null) {
                                CompletableFuture<JsonNode> waiting =
                                        self[0].pending.remove(reply.get("id").asInt());
                                if (waiting != null) {
                                    waiting.complete(reply);
                                }
                            } else if (reply.has("method") && self[0] != null) {
                                self[0].events.add(reply);
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(10, TimeUnit.SECONDS);
        self[0] = new Chromium(process, socket);
        return self[0];
    }

    /** Sends one DevTools command and waits for its result. */
    JsonNode command(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        page.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
                .get(10, TimeUnit.SECONDS);
        JsonNode answer = reply.get(30, TimeUnit.SECONDS);
        if (answer.has("error")) {
            throw new IllegalStateException(method + ": " + answer.get("error"));
        }
        return answer.path("result");
    }

    /** Records from now on what the page reports: console messages, uncaught exceptions, the browser's log. */
    void recordProblems() throws Exception {
        command("Runtime.enable", Map.of());
        command("Log.enable", Map.of());
    }

    /**
     * What went wrong in the page since {@link #recordProblems()}: console errors and warnings,
     * uncaught exceptions, and the browser's own errors and warnings (failed requests, Content
     * Security Policy violations), each as one line.
     */
    List<String> problems() {
        List<String> found = new ArrayList<>();
        for (JsonNode event : events) {
            JsonNode params = event.path("params");
            switch (event.path("method").asString()) {
                case "Runtime.exceptionThrown" ->
                    found.add("exception: "
                            + params.path("exceptionDetails")
                                    .path("exception")
                                    .path("description")
                                    .asString(params.path("exceptionDetails")
                                            .path("text")
                                            .asString()));
                case "Runtime.consoleAPICalled" -> {
                    String type = params.path("type").asString();
                    if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                        found.add("console." + type + ": " + params.path("args").toString());
                    }
                }
                case "Log.entryAdded" -> {
                    JsonNode entry = params.path("entry");
                    String level = entry.path("level").asString();
                    if (level.equals("error") || level.equals("warning")) {
                        found.add(entry.path("source").asString() + " " + level + ": "
                                + entry.path("text").asString() + " "
                                + entry.path("url").asString());
                    }
                }
                default -> {}
            }
        }
        return found;
    }

    /** The page's viewport, as a phone's ({@code mobile}) or a desktop's window. */
    void viewport(int width, int height, boolean mobile) throws Exception {
        command(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    void navigate(String url) throws Exception {
        command("Page.navigate", Map.of("url", url));
    }

    /** Evaluates {@code expression} in the page (promises awaited) and returns its value as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result = command(
                "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("in the page: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Polls {@code condition} (a JavaScript expression) until it is true. */
    void await(String what, String condition, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        while (!evaluate("Boolean(" + condition + ")").asBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the page did not get to '" + what + "' within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Types {@code text} into the field {@code field} (a JavaScript expression) through the browser's
     * own input pipeline, replacing what it held, as a person's keyboard would.
     */
    void type(String field, String text) throws Exception {
        evaluate("(() => { const f = " + field + "; f.scrollIntoView(); f.focus(); f.select(); return true; })()");
        command("Input.insertText", Map.of("text", text));
    }

    /** A PNG of the whole page. */
    void screenshot(Path file) throws Exception {
        JsonNode shot = command("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asString()));
    }

    @Override
    public void close() {
        page.abort();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
