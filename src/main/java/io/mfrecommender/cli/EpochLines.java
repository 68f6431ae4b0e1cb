package io.mfrecommender.cli;

import io.mfrecommender.training.EpochReport;
import io.mfrecommender.training.ModelRecipe;
import io.mfrecommender.training.TrainingListener;
import java.io.PrintStream;
import java.util.Locale;

/** One line per epoch of {@code train}: {@code epoch   3/300  train-rmse 0.9123  validation-rmse ...}. */
final class EpochLines implements TrainingListener {

    private final PrintStream out;
    private final ModelRecipe recipe;

    EpochLines(PrintStream out, ModelRecipe recipe) {
        this.out = out;
        this.recipe = recipe;
    }

    @Override
    public void onEpoch(EpochReport report) {
        boolean ranker = report.model().equals(EpochReport.RANKER);
        int epochs = ranker ? recipe.ranker().epochs() : recipe.rating().epochs();
        String validation = ranker
                ? Double.isNaN(report.validationNdcg())
                        ? ""
                        : String.format(Locale.ROOT, "  validation-ndcg@10 %.4f", report.validationNdcg())
                : Double.isNaN(report.validationRmse())
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "  validation-rmse %.4f  validation-mae %.4f",
                                report.validationRmse(),
                                report.validationMae());
        out.printf(
                Locale.ROOT,
                "%s%s %3d/%d  %s %.4f%s%s  %.2f ms%n",
                ranker ? "ranker " : "",
                report.refit() ? "refit" : "epoch",
                report.epoch(),
                epochs,
                ranker ? "loss" : "train-rmse",
                report.trainLoss(),
                validation,
                ranker ? "" : String.format(Locale.ROOT, "  lr %.5f", report.learningRate()),
                report.seconds() * 1e3);
    }
}
