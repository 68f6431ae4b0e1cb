package io.mfrecommender.experiments;

import io.mfrecommender.api.InvalidParameterException;
import io.mfrecommender.model.ModelStore;
import io.mfrecommender.text.ClientText;
import io.mfrecommender.versions.ModelVersions;
import io.mfrecommender.versions.ServedVersion;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What makes an experiment valid, and the split its shares make. */
final class ExperimentValidation {

    /** An experiment's or a variant's name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    static final String NAME_PATTERN = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    static final int MAX_VARIANTS = 10;
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);

    private ExperimentValidation() {}

    /**
     * {@code request} as a running experiment started {@code at}: a name of 1 to 64 letters, digits,
     * '.', '_' or '-'; 2 to {@value #MAX_VARIANTS} variants of distinct names, each on a saved version,
     * with shares in percent (hundredths at most) adding up to 100.
     *
     * @throws InvalidParameterException naming the field that is wrong
     */
    static Experiment validate(ExperimentRequests.NewExperiment request, ModelStore store, Instant at) {
        if (request == null
                || request.name() == null
                || !NAME.matcher(request.name()).matches()) {
            throw new InvalidParameterException(
                    "name", "name must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        List<Experiment.Variant> variants = request.variants() == null ? List.of() : request.variants();
        if (variants.size() < 2 || variants.size() > MAX_VARIANTS) {
            throw new InvalidParameterException(
                    "variants", "an experiment has 2 to " + MAX_VARIANTS + " variants, got " + variants.size());
        }
        Set<String> names = new HashSet<>();
        double total = 0;
        for (int i = 0; i < variants.size(); i++) {
            Experiment.Variant variant = variants.get(i);
            String field = "variants[" + i + "]";
            if (variant == null
                    || variant.name() == null
                    || !NAME.matcher(variant.name()).matches()) {
                throw new InvalidParameterException(
                        field + ".name", field + ".name must be 1 to 64 letters, digits, '.', '_' or '-'");
            }
            if (!names.add(variant.name())) {
                throw new InvalidParameterException(
                        field + ".name", "variant names must differ; " + ClientText.quote(variant.name()) + " repeats");
            }
            if (variant.version() == null || !store.exists(variant.version())) {
                throw new InvalidParameterException(
                        field + ".version",
                        field + ".version " + ClientText.quote(String.valueOf(variant.version()))
                                + " is not a saved model version (GET /models lists them)");
            }
            double share = variant.share();
            // As written in the request (the shortest decimal of the double): 12.345 and 12.3400001 are refused.
            if (!(share > 0 && share <= 100)
                    || BigDecimal.valueOf(share).stripTrailingZeros().scale() > 2) {
                throw new InvalidParameterException(
                        field + ".share",
                        field + ".share must be a percentage above 0 and at most 100, in hundredths at most, got "
                                + share);
            }
            total += share;
        }
        if (Math.abs(total - 100) > 1e-6) {
            throw new InvalidParameterException("variants", "the variants' shares must add up to 100, got " + total);
        }
        return new Experiment(request.name(), Experiment.RUNNING, variants, at, null, null);
    }

    /** The split's arms: each variant takes its share of the buckets, in the order given. */
    static List<ModelVersions.SplitArm> arms(Experiment experiment) {
        List<ModelVersions.SplitArm> arms = new ArrayList<>();
        double cumulative = 0;
        for (Experiment.Variant variant : experiment.variants()) {
            cumulative += variant.share();
            int upTo = (int) Math.min(ServedVersion.BUCKETS, Math.round(cumulative * ServedVersion.BUCKETS / 100));
            arms.add(new ModelVersions.SplitArm(variant.name(), variant.version(), upTo));
        }
        List<ModelVersions.SplitArm> exact = new ArrayList<>(arms.subList(0, arms.size() - 1));
        ModelVersions.SplitArm last = arms.get(arms.size() - 1);
        exact.add(new ModelVersions.SplitArm(last.variant(), last.version(), ServedVersion.BUCKETS));
        return exact;
    }
}
