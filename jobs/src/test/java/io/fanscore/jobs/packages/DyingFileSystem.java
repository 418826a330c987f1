package io.fanscore.jobs.packages;

import org.apache.flink.core.fs.BlockLocation;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

import java.io.IOException;
import java.net.URI;

/**
 * A file system whose process dies before its {@code killAt}-th change (create, rename, delete,
 * mkdirs, counted from 0): that change and every later call fail, as if the TaskManager had been
 * killed there. Reads before it pass through.
 */
final class DyingFileSystem extends FileSystem {

    /** What the caller sees of its own death. */
    static final class Died extends IOException {
        Died(int step) {
            super("killed before change " + step);
        }
    }

    private final FileSystem delegate;
    private final int killAt;
    private int steps;
    private boolean dead;

    DyingFileSystem(FileSystem delegate, int killAt) {
        this.delegate = delegate;
        this.killAt = killAt;
    }

    /** The changes made. */
    int steps() {
        return steps;
    }

    private void change() throws Died {
        alive();
        if (steps == killAt) {
            dead = true;
            throw new Died(steps);
        }
        steps++;
    }

    private void alive() throws Died {
        if (dead) {
            throw new Died(steps);
        }
    }

    @Override
    public Path getWorkingDirectory() {
        return delegate.getWorkingDirectory();
    }

    @Override
    public Path getHomeDirectory() {
        return delegate.getHomeDirectory();
    }

    @Override
    public URI getUri() {
        return delegate.getUri();
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
        alive();
        return delegate.getFileStatus(f);
    }

    @Override
    public BlockLocation[] getFileBlockLocations(FileStatus file, long start, long len)
            throws IOException {
        alive();
        return delegate.getFileBlockLocations(file, start, len);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        alive();
        return delegate.open(f, bufferSize);
    }

    @Override
    public FSDataInputStream open(Path f) throws IOException {
        alive();
        return delegate.open(f);
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
        alive();
        return delegate.listStatus(f);
    }

    @Override
    public boolean exists(Path f) throws IOException {
        alive();
        return delegate.exists(f);
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        change();
        return delegate.delete(f, recursive);
    }

    @Override
    public boolean mkdirs(Path f) throws IOException {
        change();
        return delegate.mkdirs(f);
    }

    @Override
    public FSDataOutputStream create(Path f, WriteMode overwriteMode) throws IOException {
        change();
        return delegate.create(f, overwriteMode);
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        change();
        return delegate.rename(src, dst);
    }

    @Override
    public boolean isDistributedFS() {
        return delegate.isDistributedFS();
    }
}
