package io.fanscore.exporters;

import java.io.IOException;
import java.util.List;

/**
 * Writes one export in a platform's format into a staging directory. Ids come in ascending order:
 * every member for a FULL; for a DELTA the added and the removed ones, interleaved.
 */
public interface AudienceFileWriter {

    /** A member of a FULL export. */
    void member(String id) throws IOException;

    /** A member a DELTA adds. */
    void added(String id) throws IOException;

    /** A member a DELTA removes. */
    void removed(String id) throws IOException;

    /** Closes every file; what was written. */
    List<ExportRecord.WrittenFile> finish() throws IOException;
}
