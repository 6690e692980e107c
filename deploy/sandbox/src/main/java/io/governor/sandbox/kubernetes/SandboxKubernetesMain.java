package io.governor.sandbox.kubernetes;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox API with the demo workload until killed: {@code SandboxKubernetesMain [port]}.
 * Point Governor's services (or a fabric8 client) at the printed URL.
 */
public final class SandboxKubernetesMain {

  private SandboxKubernetesMain() {}

  public static void main(String[] args) throws InterruptedException {
    // Must happen before anything touches java.util.logging: routes Vert.x and the mock server
    // through JBoss LogManager, which reads the quiet logging.properties on the classpath.
    if (System.getProperty("java.util.logging.manager") == null) {
      System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    }
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    SandboxKubernetes sandbox = SandboxKubernetes.start(port);
    new DemoWorkload(sandbox.client()).seed();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sandbox.close();
                  stopped.countDown();
                }));
    System.out.println(sandbox.url());
    System.out.flush();
    stopped.await();
  }
}
