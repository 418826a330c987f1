package io.fanscore.cli.demo;

import java.io.PrintStream;

/**
 * One status line that is rewritten in place on a terminal and printed line by line elsewhere (a
 * log file or a pipe would otherwise fill with carriage returns).
 */
public final class ProgressLine {

    private final PrintStream out;
    private final boolean inPlace;
    private int lastLength;

    public ProgressLine(PrintStream out, boolean inPlace) {
        this.out = out;
        this.inPlace = inPlace;
    }

    /** In place when this process talks to a terminal. */
    public static ProgressLine forStdout() {
        return new ProgressLine(System.out, System.console() != null);
    }

    public synchronized void show(String line) {
        if (!inPlace) {
            out.println(line);
            return;
        }
        String padding = " ".repeat(Math.max(0, lastLength - line.length()));
        out.print("\r" + line + padding);
        out.flush();
        lastLength = line.length();
    }

    /** Ends the line being rewritten, so that what follows starts on its own line. */
    public synchronized void finish() {
        if (inPlace && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }
}
