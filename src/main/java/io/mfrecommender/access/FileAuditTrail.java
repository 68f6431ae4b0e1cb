package io.mfrecommender.access;

import io.mfrecommender.data.DurableAppend;
import io.mfrecommender.data.DurableFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail in {@code journal} mode: {@code audit.log} beside the rating journal, one JSON
 * object per line, each appended and forced to disk before the change is answered. Past
 * {@code maxEntries} (by a tenth, so the rewrite is rare) the file is rewritten with the newest
 * {@code maxEntries}; an erasure rewrites it with the user named by their digest. Both rewrites
 * replace the file atomically. A torn last line (a crash mid-write) is skipped when read.
 */
final class FileAuditTrail implements AuditTrail {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final int maxEntries;
    private long lines;
    private long lastSequence;

    FileAuditTrail(Path file, int maxEntries) {
        this.file = file;
        this.maxEntries = Math.max(1, maxEntries);
        List<AuditEntry> existing = readAll();
        this.lines = existing.size();
        this.lastSequence =
                existing.isEmpty() ? 0 : existing.get(existing.size() - 1).sequence();
    }

    @Override
    public synchronized void record(AuditEntry entry) {
        AuditEntry numbered = entry.numbered(lastSequence + 1);
        try {
            DurableAppend.append(file, line(numbered));
        } catch (IOException e) {
            throw new UncheckedIOException("the audit trail cannot be written", e);
        }
        lastSequence++;
        lines++;
        if (lines > maxEntries + Math.max(1, maxEntries / 10)) {
            List<AuditEntry> all = readAll();
            rewrite(all.subList(Math.max(0, all.size() - maxEntries), all.size()));
        }
    }

    @Override
    public synchronized List<AuditEntry> since(Instant since, int limit) {
        List<AuditEntry> found = new ArrayList<>();
        for (AuditEntry entry : readAll()) {
            if (!entry.at().isBefore(since)) {
                found.add(entry);
                if (found.size() == limit) {
                    break;
                }
            }
        }
        return found;
    }

    @Override
    public synchronized void erase(long user, String digest) {
        List<AuditEntry> all = readAll();
        List<AuditEntry> erased = new ArrayList<>(all.size());
        boolean changed = false;
        for (AuditEntry entry : all) {
            AuditEntry next = entry.erasing(user, digest);
            changed |= next != entry;
            erased.add(next);
        }
        if (changed) {
            rewrite(erased);
        }
    }

    @Override
    public synchronized long size() {
        return lines;
    }

    private void rewrite(List<AuditEntry> entries) {
        try {
            DurableFiles.replace(file, out -> {
                for (AuditEntry entry : entries) {
                    out.write(line(entry));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the audit trail cannot be rewritten", e);
        }
        lines = entries.size();
    }

    private List<AuditEntry> readAll() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<AuditEntry> entries = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                AuditEntry entry = parse(line);
                if (entry != null) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the audit trail cannot be read", e);
        }
        return entries;
    }

    private static byte[] line(AuditEntry entry) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sequence", entry.sequence());
        fields.put("at", entry.at().toString());
        fields.put("credential", entry.credential());
        fields.put("action", entry.action());
        fields.put("target", entry.target());
        fields.put("status", entry.status());
        fields.put("outcome", entry.outcome());
        return (JSON.writeValueAsString(fields) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** An entry of one line, or null for a torn or foreign one. */
    private static AuditEntry parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return new AuditEntry(
                    node.path("sequence").asLong(),
                    Instant.parse(node.path("at").asString()),
                    node.path("credential").asString(),
                    node.path("action").asString(),
                    node.path("target").asString(),
                    node.path("status").asInt(),
                    node.path("outcome").asString());
        } catch (RuntimeException torn) { // JacksonException, DateTimeParseException
            return null;
        }
    }
}
