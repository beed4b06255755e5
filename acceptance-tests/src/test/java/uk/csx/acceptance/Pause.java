package uk.csx.acceptance;

/** A pause inside a lambda or a load thread, where a checked InterruptedException cannot be thrown. */
final class Pause {
    private Pause() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
