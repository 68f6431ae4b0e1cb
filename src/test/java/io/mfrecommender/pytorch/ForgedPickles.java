package io.mfrecommender.pytorch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Hostile `.pth` files the tests forge by hand: nested pickles, stored (not deflated) as torch.save stores them. */
public final class ForgedPickles {

    private ForgedPickles() {}

    /**
     * PROTO 2, then {@code depth} EMPTY_LISTs each appended into the one below (a list nested
     * {@code depth} deep), then {@code tail}.
     */
    public static byte[] nestedLists(int depth, byte... tail) {
        ByteArrayOutputStream pickle = new ByteArrayOutputStream();
        pickle.write(0x80);
        pickle.write(2);
        for (int i = 0; i < depth; i++) {
            pickle.write(']');
        }
        for (int i = 1; i < depth; i++) {
            pickle.write('a');
        }
        pickle.writeBytes(tail);
        return pickle.toByteArray();
    }

    /** An archive of one uncompressed {@code archive/data.pkl} (a deflated one this regular is a zip bomb). */
    public static byte[] storedArchive(byte[] pickle) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(file)) {
            ZipEntry entry = new ZipEntry("archive/data.pkl");
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(pickle.length);
            CRC32 crc = new CRC32();
            crc.update(pickle);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(pickle);
            zip.closeEntry();
        }
        return file.toByteArray();
    }
}
