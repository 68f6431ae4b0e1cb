package io.mfrecommender.access;

import io.mfrecommender.api.InvalidParameterException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /audit?since=&limit=} (admin): the changes made to the service, oldest first. */
@RestController
@Tag(name = "Audit")
class AuditController {

    static final int MAX_LIMIT = 1000;

    /**
     * One page of the trail.
     *
     * @param more whether entries after the last one exist: ask again with {@code since} its time
     */
    record AuditPage(List<AuditEntry> entries, boolean more) {}

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @GetMapping("/audit")
    @Operation(
            operationId = "listAudit",
            summary = "The changes made to the service, oldest first",
            description = "Every change (ratings posted or removed, erasures, catalogue edits, training jobs "
                    + "submitted or cancelled, activations, imports and exports, experiments started or "
                    + "ended, key reloads) with the id of the credential that made it (never a secret), its "
                    + "target and outcome. An erased user is named only by their erasure digest.")
    @ApiResponse(responseCode = "200", description = "One page of entries")
    @ApiResponse(responseCode = "400", description = "since is not an instant, or limit out of bounds")
    AuditPage list(
            @Parameter(
                            description = "The earliest time wanted, an instant such as 2026-12-07T00:00:00Z; "
                                    + "absent: from the start")
                    @RequestParam(required = false)
                    String since,
            @Parameter(description = "Entries per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        InvalidParameterException.requireBetween("limit", limit, 1, MAX_LIMIT);
        Instant from;
        try {
            from = since == null || since.isBlank() ? Instant.EPOCH : Instant.parse(since);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException("since", "since must be an instant such as 2026-12-07T00:00:00Z");
        }
        List<AuditEntry> entries = audit.since(from, limit + 1);
        boolean more = entries.size() > limit;
        return new AuditPage(more ? entries.subList(0, limit) : entries, more);
    }
}
