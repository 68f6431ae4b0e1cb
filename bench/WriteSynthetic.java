// Writes the service's MovieLens-like synthetic ratings (SyntheticRatings.movieLensLike, seed 7) to a
// user::movie::rating::timestamp file, so another trainer can read the very ratings the service's
// train --ratings synthetic:N makes. Run with the service's classes: see bench/spark-vs-service.sh.
public class WriteSynthetic {
    public static void main(String[] args) throws Exception {
        io.mfrecommender.data.SyntheticRatings.movieLensLike(Integer.parseInt(args[0]), 7)
                .writeTo(java.nio.file.Path.of(args[1]));
    }
}
