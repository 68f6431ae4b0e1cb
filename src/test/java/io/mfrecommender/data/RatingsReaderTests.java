package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatingsReaderTests {

    private final RatingsReader lenient = new RatingsReader(ParseMode.LENIENT, null);
    private final RatingsReader strict = new RatingsReader(ParseMode.STRICT, null);

    @TempDir
    Path dir;

    private RatingsReader.Result read(RatingsReader reader, String text) throws IOException {
        return reader.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.dat");
    }

    @Test
    void readsDoubleColonFormat() throws IOException {
        RatingsReader.Result result = read(lenient, "1::10::5::100\n1::20::3::101\n2::10::4::102\n");
        Dataset d = result.dataset();
        assertThat(result.report().format()).isEqualTo(RatingFormat.DOUBLE_COLON);
        assertThat(d.size()).isEqualTo(3);
        assertThat(d.users().size()).isEqualTo(2);
        assertThat(d.items().size()).isEqualTo(2);
        assertThat(d.userId(0)).isEqualTo(1);
        assertThat(d.itemId(1)).isEqualTo(20);
        assertThat(d.rating(1)).isEqualTo(3f);
        assertThat(d.timestamp(2)).isEqualTo(102);
        assertThat(d.scale()).isEqualTo(new RatingScale(3, 5));
    }

    @Test
    void readsTabSeparatedFormatWithCrLfAndBlankLines() throws IOException {
        RatingsReader.Result result = read(lenient, "196\t242\t3\t881250949\r\n\r\n186\t302\t1\t891717742\r\n");
        assertThat(result.report().format()).isEqualTo(RatingFormat.TAB);
        assertThat(result.dataset().size()).isEqualTo(2);
        assertThat(result.dataset().itemId(1)).isEqualTo(302);
        assertThat(result.dataset().rating(1)).isEqualTo(1f);
        assertThat(result.report().skippedLines()).isZero();
    }

    @Test
    void readsCsvWithHeaderAndHalfStarRatings() throws IOException {
        RatingsReader.Result result =
                read(lenient, "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n");
        assertThat(result.report().format()).isEqualTo(RatingFormat.CSV);
        assertThat(result.dataset().size()).isEqualTo(2);
        assertThat(result.dataset().rating(0)).isEqualTo(2.5f);
        assertThat(result.dataset().scale().min()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void ignoresAUtf8ByteOrderMark() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "userId,movieId,rating,timestamp\n1,31,2.5,1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, bytes, 0, 3);
        System.arraycopy(text, 0, bytes, 3, text.length);
        RatingsReader.Result result = strict.read(new ByteArrayInputStream(bytes), "bom.csv");
        assertThat(result.dataset().size()).isEqualTo(1);
        assertThat(result.dataset().userId(0)).isEqualTo(1);
    }

    @Test
    void acceptsMissingTimestampAndLeadingZerosInIds() throws IOException {
        Dataset d = read(lenient, "7::0104257::8\n").dataset();
        assertThat(d.itemId(0)).isEqualTo(104257L);
        assertThat(d.timestamp(0)).isZero();
    }

    @Test
    void keepsTheLastOfRepeatedRatingsAndCountsTheReplacedOnes() throws IOException {
        RatingsReader.Result result = read(lenient, "1::10::1::1\n2::10::2::2\n1::10::5::3\n1::10::4::4\n");
        assertThat(result.dataset().size()).isEqualTo(2);
        assertThat(result.report().duplicates()).isEqualTo(2);
        assertThat(result.dataset().userId(0)).isEqualTo(1);
        assertThat(result.dataset().rating(0)).isEqualTo(4f);
        assertThat(result.dataset().timestamp(0)).isEqualTo(4);
    }

    @Test
    void lenientModeSkipsAndReportsBadLinesWithLineNumbers() throws IOException {
        RatingsReader.Result result = read(
                lenient, "1::10::5::1\nabc::10::5::1\n1::x7::5::1\n1::11::good::1\n1::12::3::soon\n1::13::3\n1::14\n");
        assertThat(result.dataset().size()).isEqualTo(2);
        assertThat(result.report().skippedLines()).isEqualTo(5);
        assertThat(result.report().problems())
                .containsExactly(
                        "test.dat:2: user id 'abc' is not a whole number",
                        "test.dat:3: movie id 'x7' is not a whole number",
                        "test.dat:4: rating 'good' is not a number",
                        "test.dat:5: timestamp 'soon' is not a whole number",
                        "test.dat:7: expected 3 or 4 fields separated by '::', found 2");
    }

    @Test
    void strictModeFailsOnTheFirstBadLine() {
        assertThatThrownBy(() -> read(strict, "1::10::5::1\n2::10::NaN::1\n"))
                .isInstanceOf(DataLoadException.class)
                .hasMessageStartingWith("test.dat:2: rating 'NaN' is not a number")
                .hasMessageContaining("strict");
    }

    @Test
    void ratingOutsideTheConfiguredScaleIsABadLine() throws IOException {
        RatingsReader scaled = new RatingsReader(ParseMode.LENIENT, new RatingScale(1, 5));
        RatingsReader.Result result = read(scaled, "1::10::5::1\n1::11::11::1\n");
        assertThat(result.dataset().size()).isEqualTo(1);
        assertThat(result.dataset().scale()).isEqualTo(new RatingScale(1, 5));
        assertThat(result.report().problems())
                .containsExactly("test.dat:2: rating 11 is outside the configured scale 1..5");

        RatingsReader strictScaled = new RatingsReader(ParseMode.STRICT, new RatingScale(1, 5));
        assertThatThrownBy(() -> read(strictScaled, "1::11::0::1\n"))
                .hasMessageStartingWith("test.dat:1: rating 0 is outside the configured scale 1..5");
    }

    @Test
    void tooManyFieldsIsReported() {
        assertThatThrownBy(() -> read(strict, "1\t2\t3\t4\t5\t6\t7\n"))
                .hasMessageStartingWith("test.dat:1: expected 3 or 4 fields separated by '\\t'");
    }

    @Test
    void emptyFileIsAClearError() {
        assertThatThrownBy(() -> read(lenient, ""))
                .isInstanceOf(DataLoadException.class)
                .hasMessage("test.dat: is empty");
        assertThatThrownBy(() -> read(lenient, "\n  \n")).hasMessage("test.dat: contains only blank lines");
    }

    @Test
    void headerOnlyFileIsAClearError() {
        assertThatThrownBy(() -> read(lenient, "userId,movieId,rating,timestamp\n"))
                .isInstanceOf(DataLoadException.class)
                .hasMessage("test.dat: has a header line but no ratings");
    }

    @Test
    void fileOfOnlyBadLinesIsAClearError() {
        assertThatThrownBy(() -> read(lenient, "a::b::c::d\n"))
                .hasMessage("test.dat: no valid ratings; all 1 rating lines are malformed, first: "
                        + "test.dat:1: user id 'a' is not a whole number");
    }

    @Test
    void unrecognisedLayoutIsAClearError() {
        assertThatThrownBy(() -> read(lenient, "1 2 3 4\n"))
                .hasMessageStartingWith("test.dat:1: cannot tell the format");
    }

    @Test
    void missingFileAndDirectoryAreClearErrors() {
        Path missing = dir.resolve("nope.dat");
        assertThatThrownBy(() -> lenient.read(missing))
                .isInstanceOf(DataLoadException.class)
                .hasMessage(missing + ": file not found");
        assertThatThrownBy(() -> lenient.read(dir))
                .isInstanceOf(DataLoadException.class)
                .hasMessage(dir + ": is a directory, expected a ratings file");
    }

    @Test
    void readsFromAFileAndNamesItInMessages() throws IOException {
        Path file = dir.resolve("ratings.dat");
        Files.writeString(file, "1::1::5::1\nbroken\n");
        RatingsReader.Result result = lenient.read(file);
        assertThat(result.report().problems())
                .containsExactly(file + ":2: expected 3 or 4 fields separated by '::', found 1");
    }

    @Test
    void linesLongerThanTheBufferAreHandled() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(i)
                    .append("::")
                    .append(i % 97)
                    .append("::")
                    .append(1 + i % 5)
                    .append("::")
                    .append(i)
                    .append('\n');
        }
        Dataset d = read(lenient, text.toString()).dataset();
        assertThat(d.size()).isEqualTo(20_000);
        assertThat(d.items().size()).isEqualTo(97);
    }

    @Test
    void parsesDecimalsExactly() {
        byte[] b = "3.5 4 0.25 1e1 x".getBytes(StandardCharsets.US_ASCII);
        assertThat(RatingsReader.parseDecimal(b, 0, 3)).isEqualTo(3.5);
        assertThat(RatingsReader.parseDecimal(b, 4, 5)).isEqualTo(4.0);
        assertThat(RatingsReader.parseDecimal(b, 6, 10)).isEqualTo(0.25);
        assertThat(RatingsReader.parseDecimal(b, 11, 14)).isEqualTo(10.0);
        assertThat(RatingsReader.parseDecimal(b, 15, 16)).isNaN();
    }

    @Test
    void nineteenDigitIdsLoadUpToLongMaxValue() throws IOException {
        RatingsReader.Result result =
                read(strict, "1000000000000000000::9223372036854775807::4::1\n" + "-9223372036854775808::1::2::2\n");
        assertThat(result.dataset().users().indexOrMinusOne(1_000_000_000_000_000_000L))
                .isNotNegative();
        assertThat(result.dataset().items().indexOrMinusOne(Long.MAX_VALUE)).isNotNegative();
        assertThat(result.dataset().users().indexOrMinusOne(Long.MIN_VALUE)).isNotNegative();
        assertThatThrownBy(() -> read(strict, "9223372036854775808::1::4::1\n1::2::3::4\n"))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> read(strict, "10000000000000000000::1::4::1\n1::2::3::4\n"))
                .hasMessageContaining("not a whole number");
    }

    @Test
    void aLineOverOneMebibyteIsOneClearErrorNotAnOutOfMemoryError() {
        String huge = "1::10::4::1\n" + "9".repeat(LineScanner.MAX_LINE_BYTES + 10) + "\n";
        assertThatThrownBy(() -> read(lenient, huge))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("line 2 is longer than 1048576 bytes");
    }
}
