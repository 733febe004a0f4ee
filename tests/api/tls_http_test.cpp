// `dqc serve --tls-cert --tls-key`: the same API over HTTPS (checked with curl against a
// throw-away self-signed certificate).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "support/dqc_server.h"

namespace dqctest {
namespace {

std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

TEST(Tls, ServesTheApiOverHttps) {
  if (Shell("command -v openssl >/dev/null && command -v curl >/dev/null && echo yes") != "yes\n") {
    GTEST_SKIP() << "needs the openssl and curl commands";
  }
  DqcServer scratch;  // only for its temporary folders and a free port
  const std::string cert = scratch.FilePath("cert.pem"), key = scratch.FilePath("key.pem");
  Shell("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
        " -days 1 -subj /CN=127.0.0.1 2>/dev/null");
  int port = 0;
  {
    // A free loopback port: bind port 0 and read back what the kernel chose.
    std::string p = Shell(
        "python3 -c 'import socket;s=socket.socket();s.bind((\"127.0.0.1\",0));"
        "print(s.getsockname()[1])'");
    port = std::atoi(p.c_str());
  }
  ASSERT_GT(port, 0);
  pid_t pid = fork();
  if (pid == 0) {
    std::string listen = "127.0.0.1:" + std::to_string(port);
    std::string data = scratch.data_dir();
    execl(DQC_BINARY, DQC_BINARY, "serve", "--data-dir", data.c_str(), "--listen", listen.c_str(),
          "--tls-cert", cert.c_str(), "--tls-key", key.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  const std::string url = "https://127.0.0.1:" + std::to_string(port) + "/health";
  std::string body;
  for (int i = 0; i < 100 && body.find("ok") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    body = Shell("curl -sk --max-time 5 " + url);
  }
  EXPECT_EQ(body, R"({"status":"ok"})");
  // The certificate is the one given: curl trusting exactly it succeeds.
  EXPECT_EQ(Shell("curl -s --max-time 5 --cacert " + cert + " " + url), R"({"status":"ok"})");
  // Plain HTTP on the TLS port gets no API answer.
  EXPECT_EQ(Shell("curl -s --max-time 5 http://127.0.0.1:" + std::to_string(port) + "/health"), "");
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "status " << status;
}

}  // namespace
}  // namespace dqctest
