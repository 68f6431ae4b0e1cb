package io.mfrecommender.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class EventsReaderTests {

    private static EventTable read(String text) throws IOException {
        return EventsReader.read(new StringReader(text), "events.csv");
    }

    @Test
    void csvWithAHeaderDoubleColonAndTabsAreReadAndRepeatsAddUp() throws IOException {
        EventTable csv = read("user,movie,type,timestamp\n1,10,play,100\n1,10,play,300\n1,10,view,200\n2,20,list,50\n");
        assertThat(csv.size()).isEqualTo(3);
        assertThat(csv.events()).isEqualTo(4);
        assertThat(csv.user(0)).isEqualTo(1);
        assertThat(csv.movie(0)).isEqualTo(10);
        assertThat(csv.type(0)).isEqualTo("play");
        assertThat(csv.count(0)).isEqualTo(2);
        assertThat(csv.lastSeconds(0)).isEqualTo(300);
        EventTable colons = read("1::10::play::100\r\n2::20::not-interested::5");
        assertThat(colons.size()).isEqualTo(2);
        assertThat(colons.type(1)).isEqualTo("not-interested");
        assertThat(read("1\t10\tview\t7\n").lastSeconds(0)).isEqualTo(7);
        assertThat(read("").isEmpty()).isTrue();
    }

    @Test
    void aBadLineStopsTheLoadNamingIt() {
        assertThatThrownBy(() -> read("1,10,play,100\n1,10,play\n"))
                .isInstanceOf(DataLoadException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("got 3 fields");
        assertThatThrownBy(() -> read("1,10,Play!,100\n"))
                .isInstanceOf(DataLoadException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("type");
        assertThatThrownBy(() -> read("1,10,play,100\nx,10,play,100\n"))
                .isInstanceOf(DataLoadException.class)
                .hasMessageContaining("line 2");
        assertThatThrownBy(() -> read("1,10,play,100\n1,10,play," + "9".repeat(5000) + "\n"))
                .isInstanceOf(DataLoadException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("longer than 4096");
    }

    @Test
    void filtersKeepWhatTheyAccept() throws IOException {
        EventTable table = read("1,10,play,100\n2,10,play,100\n2,20,view,100\n");
        assertThat(table.filter(user -> user != 2).size()).isEqualTo(1);
        assertThat(table.filterPairs((user, movie) -> movie != 10).size()).isEqualTo(1);
    }
}
