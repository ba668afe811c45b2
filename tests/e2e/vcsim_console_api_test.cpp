// The vSphere API console path against the project's peers: vcsim (tests/peers/vcsim) with
// a webmks-sim console behind its VMs. Raw SOAP through the agent's SoapClient:
// PutUsbScanCodes typed through the guest's layout, CreateScreenshot_Task in both result
// forms with the file fetched from /folder and deleted, /screen?id=, and privileges withheld
// per user (NoPermission, HasPrivilegeOnEntities).
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "agent/vsphere/http_client.h"
#include "agent/vsphere/soap_client.h"
#include "tests/support/sim_process.h"
#include "tests/support/vcsim_process.h"

namespace mks::test {
namespace {

using vsphere::XmlReply;
using namespace std::chrono_literals;

constexpr const char* kDeniedUser = "viewer@vsphere.local";
constexpr const char* kDeniedPassword = "viewer-pass";
constexpr const char* kUsbPriv = "VirtualMachine.Interact.PutUsbScanCodes";
constexpr const char* kShotPriv = "VirtualMachine.Interact.CreateScreenshot";
constexpr const char* kConsolePriv = "VirtualMachine.Interact.ConsoleInteract";

// One keystroke: a HID usage and the modifier flags held with it.
struct Key {
  int usage;
  std::vector<std::string> modifiers = {};
};

std::string key_events(const std::vector<Key>& keys) {
  std::string xml;
  for (const auto& key : keys) {
    xml += "<vim25:keyEvents><vim25:usbHidCode>" + std::to_string((key.usage << 16) | 7) +
           "</vim25:usbHidCode>";
    if (!key.modifiers.empty()) {
      xml += "<vim25:modifiers>";
      for (const auto& m : key.modifiers) xml += "<vim25:" + m + ">true</vim25:" + m + ">";
      xml += "</vim25:modifiers>";
    }
    xml += "</vim25:keyEvents>";
  }
  return xml;
}

std::string this_of(const std::string& type, const std::string& value) {
  return "<vim25:_this type=\"" + type + "\">" + value + "</vim25:_this>";
}

// A SOAP session (its own vmware_soap_session cookie) run one call at a time.
class Vim {
 public:
  explicit Vim(const std::string& base_url)
      : http_(io_.get_executor(), vsphere::VcenterEndpoint::parse(base_url),
              transport::TlsOptions{.insecure = true}, 10s),
        soap_(http_) {}

  XmlReply call(const std::string& method, const std::string& body) {
    return run(soap_.call(method, "<vim25:" + method + ">" + body + "</vim25:" + method + ">"));
  }
  vsphere::HttpReply get(const std::string& target) { return run(http_.send("GET", target, "")); }

  // Logs in; returns the session's key.
  std::string login(const std::string& user, const std::string& password) {
    soap_.set_user(user);
    const auto reply =
        call("Login", this_of("SessionManager", "SessionManager") + "<vim25:userName>" + user +
                          "</vim25:userName><vim25:password>" + password + "</vim25:password>");
    return XmlReply::text(XmlReply::find(reply.root(), "key"));
  }
  int put_usb_scan_codes(const std::string& vm, const std::vector<Key>& keys) {
    const auto reply = call("PutUsbScanCodes", this_of("VirtualMachine", vm) + "<vim25:spec>" +
                                                   key_events(keys) + "</vim25:spec>");
    return std::stoi(XmlReply::text(XmlReply::find(reply.root(), "returnval")));
  }
  // CreateScreenshot_Task, then the task's info: its state and result.
  std::pair<std::string, std::string> screenshot(const std::string& vm) {
    const auto task = call("CreateScreenshot_Task", this_of("VirtualMachine", vm));
    const std::string ref = XmlReply::text(XmlReply::find(task.root(), "returnval"));
    const auto info =
        call("RetrievePropertiesEx",
             this_of("PropertyCollector", "propertyCollector") +
                 "<vim25:specSet><vim25:propSet><vim25:type>Task</vim25:type>"
                 "<vim25:pathSet>info</vim25:pathSet></vim25:propSet>"
                 "<vim25:objectSet><vim25:obj type=\"Task\">" +
                 ref + "</vim25:obj></vim25:objectSet></vim25:specSet><vim25:options/>");
    return {XmlReply::text(XmlReply::find(info.root(), "state")),
            XmlReply::text(XmlReply::find(info.root(), "result"))};
  }
  std::string datacenter(const std::string& name) {
    const auto reply =
        call("FindByInventoryPath", this_of("SearchIndex", "SearchIndex") +
                                        "<vim25:inventoryPath>" + name + "</vim25:inventoryPath>");
    return XmlReply::text(XmlReply::find(reply.root(), "returnval"));
  }

 private:
  // XmlReply has no default constructor, which co_spawn's use_future needs.
  template <class T>
  static boost::asio::awaitable<void> store(boost::asio::awaitable<T> work, std::optional<T>& out) {
    out.emplace(co_await std::move(work));
  }
  template <class T>
  T run(boost::asio::awaitable<T> work) {
    std::optional<T> out;
    std::exception_ptr failure;
    boost::asio::co_spawn(io_, store(std::move(work), out),
                          [&failure](std::exception_ptr error) { failure = error; });
    io_.restart();
    io_.run();
    if (failure) std::rethrow_exception(failure);
    return std::move(*out);
  }

  boost::asio::io_context io_;
  vsphere::HttpClient http_;
  vsphere::SoapClient soap_;
};

// The fault type a call threw, "" when it did not.
template <class F>
std::string fault_of(F call) {
  try {
    call();
  } catch (const vsphere::SoapFault& fault) {
    return fault.type();
  }
  return "";
}

// webmks-sim (echo machine, `layout`) behind vcsim; one VM powered off.
class ConsoleApi : public ::testing::Test {
 protected:
  void start(const std::string& layout, VcsimOptions options = {}) {
    sim_.emplace(std::vector<std::string>{"--layout", layout});
    options.console_url = sim_->api_base();
    options.inventory = {"-powered-off", "1"};
    options.logins.push_back(std::string(kDeniedUser) + ":" + kDeniedPassword);
    options.denies.push_back(std::string(kDeniedUser) + "=" + kUsbPriv + "," + kConsolePriv);
    vcsim_.emplace(TicketTarget{}, options);
    vim_.emplace(vcsim_->base_url());
    session_ = vim_->login(VcsimProcess::kUser, VcsimProcess::kPassword);
  }
  std::string vm_in(const std::string& state) const {
    for (const auto& vm : vcsim_->inventory()) {
      if (vm.power_state == state) return vm.moref;
    }
    throw std::runtime_error("no VM " + state);
  }
  // The echo prompt's line: "sim$ " and what was typed.
  std::string prompt_line() const {
    const auto text = nlohmann::json::parse(sim_->api_get("text"));
    return text["lines"][text["cursor"]["row"].get<int>()].get<std::string>();
  }

  std::optional<SimProcess> sim_;
  std::optional<VcsimProcess> vcsim_;
  std::optional<Vim> vim_;
  std::string session_;
};

TEST_F(ConsoleApi, PutUsbScanCodes_UsGuest_TypesTheCharactersAndCountsThem) {
  SKIP_WITHOUT_VCSIM();
  start("us");
  // H i space @ 1 ? : shift on letters and symbols as govc sends them.
  const int count = vim_->put_usb_scan_codes(vm_in("poweredOn"), {{0x0B, {"leftShift"}},
                                                                  {0x0C},
                                                                  {0x2C},
                                                                  {0x1F, {"leftShift"}},
                                                                  {0x1E},
                                                                  {0x38, {"rightShift"}}});
  EXPECT_EQ(count, 6);
  EXPECT_EQ(prompt_line(), "sim$ Hi @1?");
}

TEST_F(ConsoleApi, PutUsbScanCodes_GermanGuest_UsUsagesShowTheLayoutMismatch) {
  SKIP_WITHOUT_VCSIM();
  start("de");
  // A client mapping "y@" with a US table sends y and shift+2: a German guest reads z and ".
  // AltGr (right Alt) + q is the German guest's @.
  vim_->put_usb_scan_codes(vm_in("poweredOn"),
                           {{0x1C}, {0x1F, {"leftShift"}}, {0x14, {"rightAlt"}}});
  EXPECT_EQ(prompt_line(), "sim$ z\"@");
}

TEST_F(ConsoleApi, PutUsbScanCodes_JapaneseGuest_JisKeysArrive) {
  SKIP_WITHOUT_VCSIM();
  start("jp");
  // shift+2 is " on JIS; the US [ position is @; Ro (0x87) types \ and Yen (0x89) ¥.
  vim_->put_usb_scan_codes(vm_in("poweredOn"),
                           {{0x1F, {"leftShift"}}, {0x2F}, {0x87}, {0x87, {"leftShift"}}, {0x89}});
  EXPECT_EQ(prompt_line(), "sim$ \"@\\_¥");
}

TEST_F(ConsoleApi, PutUsbScanCodes_PoweredOff_InvalidPowerStateAndNothingTyped) {
  SKIP_WITHOUT_VCSIM();
  start("us");
  EXPECT_EQ(fault_of([&] { vim_->put_usb_scan_codes(vm_in("poweredOff"), {{0x04}}); }),
            "InvalidPowerState");
  EXPECT_EQ(prompt_line(), "sim$");
}

TEST_F(ConsoleApi, PutUsbScanCodes_UserWithoutThePrivilege_NoPermission) {
  SKIP_WITHOUT_VCSIM();
  start("us");
  Vim viewer(vcsim_->base_url());
  viewer.login(kDeniedUser, kDeniedPassword);
  EXPECT_EQ(fault_of([&] { viewer.put_usb_scan_codes(vm_in("poweredOn"), {{0x04}}); }),
            "NoPermission");
  EXPECT_EQ(fault_of([&] {
              viewer.call("AcquireTicket", this_of("VirtualMachine", vm_in("poweredOn")) +
                                               "<vim25:ticketType>webmks</vim25:ticketType>");
            }),
            "NoPermission");
  EXPECT_EQ(prompt_line(), "sim$");
  EXPECT_EQ(vim_->put_usb_scan_codes(vm_in("poweredOn"), {{0x04}}), 1);  // others still may
}

TEST_F(ConsoleApi, Login_OnlyTheGivenPairs) {
  SKIP_WITHOUT_VCSIM();
  start("us");
  Vim stranger(vcsim_->base_url());
  EXPECT_THROW(stranger.login(kDeniedUser, VcsimProcess::kPassword), AuthError);
  EXPECT_THROW(stranger.login("nobody", "x"), AuthError);
  EXPECT_NO_THROW(stranger.login(kDeniedUser, kDeniedPassword));
}

TEST_F(ConsoleApi, HasPrivilegeOnEntities_AnswersPerSessionUser) {
  SKIP_WITHOUT_VCSIM();
  start("us");
  Vim viewer(vcsim_->base_url());
  const std::string viewer_session = viewer.login(kDeniedUser, kDeniedPassword);
  auto granted = [&](const std::string& session) {
    const auto reply = vim_->call(
        "HasPrivilegeOnEntities",
        this_of("AuthorizationManager", "AuthorizationManager") +
            "<vim25:entity type=\"VirtualMachine\">" + vm_in("poweredOn") + "</vim25:entity>" +
            "<vim25:sessionId>" + session + "</vim25:sessionId><vim25:privId>" + kUsbPriv +
            "</vim25:privId><vim25:privId>" + kShotPriv + "</vim25:privId>");
    std::vector<std::string> out;
    for (auto node : XmlReply::find_all(reply.root(), "privAvailability")) {
      out.push_back(XmlReply::child_text(node, "privId").value_or("") + "=" +
                    XmlReply::child_text(node, "isGranted").value_or(""));
    }
    return out;
  };
  EXPECT_EQ(granted(viewer_session), (std::vector<std::string>{std::string(kUsbPriv) + "=false",
                                                               std::string(kShotPriv) + "=true"}));
  EXPECT_EQ(granted(session_), (std::vector<std::string>{std::string(kUsbPriv) + "=true",
                                                         std::string(kShotPriv) + "=true"}));
}

// "[LocalDS_0] dir/f.png" or "/vmfs/volumes/LocalDS_0/dir/f.png" -> {"LocalDS_0", "dir/f.png"}
std::pair<std::string, std::string> split_result(const std::string& result) {
  if (result.starts_with("[")) {
    const auto close = result.find("] ");
    return {result.substr(1, close - 1), result.substr(close + 2)};
  }
  const std::string rest = result.substr(std::string("/vmfs/volumes/").size());
  return {rest.substr(0, rest.find('/')), rest.substr(rest.find('/') + 1)};
}

class ScreenshotForms : public ConsoleApi, public ::testing::WithParamInterface<bool> {};

TEST_P(ScreenshotForms, CreateScreenshot_FileOnTheDatastoreEqualsTheScreen_ThenDeleted) {
  SKIP_WITHOUT_VCSIM();
  const bool vmfs = GetParam();
  start("us", VcsimOptions{.vmfs_screenshot_paths = vmfs});
  const VcsimVm* vm = nullptr;
  for (const auto& v : vcsim_->inventory()) {
    if (v.power_state == "poweredOn" && !vm) vm = &v;
  }
  ASSERT_NE(vm, nullptr);
  vim_->put_usb_scan_codes(vm->moref, {{0x04}});  // the screen differs from the banner alone
  const auto [state, result] = vim_->screenshot(vm->moref);
  ASSERT_EQ(state, "success");
  const std::string file = vm->name + "/" + vm->name + "-1.png";
  EXPECT_EQ(result, vmfs ? "/vmfs/volumes/LocalDS_0/" + file : "[LocalDS_0] " + file);
  const auto [datastore, path] = split_result(result);
  const std::string folder = "/folder/" + path + "?dcPath=DC0&dsName=" + datastore;
  const auto download = vim_->get(folder);
  ASSERT_EQ(download.status, 200u);
  EXPECT_EQ(download.body, sim_->api_get("screen.png"));
  EXPECT_NE(vim_->screenshot(vm->moref).second.find(vm->name + "-2.png"), std::string::npos);

  vim_->call("DeleteDatastoreFile_Task", this_of("FileManager", "FileManager") + "<vim25:name>[" +
                                             datastore + "] " + path +
                                             "</vim25:name><vim25:datacenter type=\"Datacenter\">" +
                                             vim_->datacenter("DC0") + "</vim25:datacenter>");
  EXPECT_EQ(vim_->get(folder).status, 404u);
}

INSTANTIATE_TEST_SUITE_P(ResultPath, ScreenshotForms, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Vmfs" : "Datastore"; });

TEST_F(ConsoleApi, CreateScreenshot_PoweredOffOrDenied_Faults) {
  SKIP_WITHOUT_VCSIM();
  start("us", VcsimOptions{.denies = {std::string(VcsimProcess::kUser) + "=" + kShotPriv}});
  EXPECT_EQ(fault_of([&] { vim_->screenshot(vm_in("poweredOn")); }), "NoPermission");
  Vim viewer(vcsim_->base_url());
  viewer.login(kDeniedUser, kDeniedPassword);
  EXPECT_EQ(fault_of([&] { viewer.screenshot(vm_in("poweredOff")); }), "InvalidPowerState");
  EXPECT_EQ(viewer.screenshot(vm_in("poweredOn")).first, "success");
}

TEST_F(ConsoleApi, Screen_NeedsTheSessionCookie_AnswersPngOrWhyNot) {
  SKIP_WITHOUT_VCSIM();
  start("us");
  const std::string on = "/screen?id=" + vm_in("poweredOn");
  const auto screen = vim_->get(on);
  ASSERT_EQ(screen.status, 200u);
  EXPECT_EQ(screen.content_type, "image/png");
  EXPECT_EQ(screen.body, sim_->api_get("screen.png"));
  EXPECT_EQ(Vim(vcsim_->base_url()).get(on).status, 401u);  // no cookie
  EXPECT_EQ(vim_->get("/screen?id=vm-999999").status, 404u);
  EXPECT_EQ(vim_->get("/screen?id=" + vm_in("poweredOff")).status, 409u);
}

TEST_F(ConsoleApi, Screen_WithNoScreen_Is404AsWhereItDoesNotExist) {
  SKIP_WITHOUT_VCSIM();
  start("us", VcsimOptions{.no_screen = true});
  EXPECT_EQ(vim_->get("/screen?id=" + vm_in("poweredOn")).status, 404u);
  EXPECT_EQ(vim_->screenshot(vm_in("poweredOn")).first, "success");  // the task still works
}

// A fleet console per VM: the keys reach the console keyed by the VM's moref, made on demand.
TEST(ConsoleApiFleet, PutUsbScanCodesAndScreen_ReachTheVmsOwnConsole) {
  SKIP_WITHOUT_VCSIM();
  SimProcess sim({"--fleet", "--fleet-mix", "login-prompt=1"});
  VcsimProcess vcsim(TicketTarget{},
                     VcsimOptions{.moref_tokens = true, .console_url = sim.api_base()});
  Vim vim(vcsim.base_url());
  vim.login(VcsimProcess::kUser, VcsimProcess::kPassword);
  const std::string a = vcsim.inventory().at(0).moref;
  const std::string b = vcsim.inventory().at(1).moref;
  EXPECT_EQ(vim.put_usb_scan_codes(a, {{0x15}, {0x12}, {0x12}, {0x17}}), 4);  // r o o t
  const auto text = nlohmann::json::parse(sim.api_get("text?key=" + a));
  const std::string line = text["lines"][text["cursor"]["row"].get<int>()];
  EXPECT_TRUE(line.ends_with(" login: root")) << line;
  const auto screen = vim.get("/screen?id=" + b);  // never typed into: made for the screen
  ASSERT_EQ(screen.status, 200u);
  EXPECT_EQ(screen.body, sim.api_get("screen.png?key=" + b));
  EXPECT_NE(screen.body, sim.api_get("screen.png?key=" + a));
}

}  // namespace
}  // namespace mks::test
