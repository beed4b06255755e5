package uk.csx.acceptance;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy between a service and a server it depends on (no Toxiproxy here), for injecting
 * network faults: added latency, a black hole (connections stay open, nothing gets through) and
 * resets (every connection cut with RST).
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long latencyMillis;
    private volatile boolean blackHole;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tcp-proxy-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every chunk in either direction waits this long first. */
    void latency(long millis) {
        latencyMillis = millis;
    }

    /** While on, bytes are read and dropped: the peers see an open connection that never answers. */
    void blackHole(boolean on) {
        blackHole = on;
    }

    /** Cuts every open connection with a reset, as a crashed middlebox would. */
    void resetAll() {
        for (Socket socket : sockets) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        sockets.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (latencyMillis > 0) {
                        Thread.sleep(latencyMillis);
                    }
                    if (!blackHole) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the other side went away, or a reset: close both ends below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
        sockets.remove(socket);
    }

    @Override
    public void close() throws IOException {
        server.close();
        resetAll();
    }
}
