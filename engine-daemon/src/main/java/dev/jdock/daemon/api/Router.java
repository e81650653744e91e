package dev.jdock.daemon.api;

/** A feature's set of routes (containers, images, system...). Registered once at start-up. */
public interface Router {
    void register(Routes routes);
}
