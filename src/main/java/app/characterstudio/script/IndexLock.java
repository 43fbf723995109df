package app.characterstudio.script;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer of a workspace's script index at a time, across processes (an OS lock on
 * {@code index.lock} beside {@code index/}, which a rebuild never deletes) and across threads and
 * studios of one process (a lock per file, since the OS lock belongs to the whole process). Whoever
 * comes second waits, saying so through the progress, and gives up after its patience with a clear
 * message. Reentrant: an import that rebuilds the index takes it once.
 */
final class IndexLock {
    static final String WAITING = "waiting for another Character Studio that is writing the script index";
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final Map<Path, FileLock> HELD = new ConcurrentHashMap<>();
    private static final long POLL_MS = 100;

    private final Path file;
    private final Duration patience;

    IndexLock(Path file, Duration patience) {
        this.file = file.toAbsolutePath().normalize();
        this.patience = patience;
    }

    /** A held lock; closing releases it (the OS lock when the outermost hold ends). */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    Held acquire(ImportProgress progress) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        long deadline = System.nanoTime() + patience.toNanos();
        boolean told = false;
        while (true) {
            if (tryLocal(local)) {
                if (local.getHoldCount() > 1 || tryFile()) {
                    return () -> release(local);
                }
                local.unlock();
            }
            if (progress.isCancelled()) {
                throw new ImportCancelledException("Cancelled while " + WAITING + ".");
            }
            if (System.nanoTime() > deadline) {
                throw new ScriptIndexException("Another Character Studio is writing the script index of this workspace"
                        + " (it holds " + file + ") and has not finished in " + patience.toSeconds()
                        + " s. Nothing was changed; try again when it has finished.", null);
            }
            if (!told) {
                progress.update(WAITING, 0, 0);
                told = true;
            }
            sleep();
        }
    }

    private boolean tryFile() {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return false;
            }
            HELD.put(file, lock);
            return true;
        } catch (IOException e) {
            throw new ScriptIndexException("Cannot lock the script index (" + file + "): " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("try") // the channel is named only so that it is closed after the lock is released
    private void release(ReentrantLock local) {
        try {
            if (local.getHoldCount() == 1) {
                FileLock lock = HELD.remove(file);
                if (lock != null) {
                    try (FileChannel channel = lock.channel()) {
                        lock.release();
                    } catch (IOException ignored) {
                        // closing the channel releases the lock in any case
                    }
                }
            }
        } finally {
            local.unlock();
        }
    }

    private static boolean tryLocal(ReentrantLock local) {
        try {
            return local.tryLock(POLL_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportCancelledException("Interrupted while " + WAITING + ".");
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImportCancelledException("Interrupted while " + WAITING + ".");
        }
    }
}
