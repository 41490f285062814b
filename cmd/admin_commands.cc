// cuomin user / unit / audit: administration on the database file, as the local
// administrator ("cli" in the audit log). Passwords come from a prompt or standard input,
// never from the command line (argv is visible to every user of the machine).
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <string>

#include "cmd/options.h"
#include "cmd/serve_command.h"
#include "review/review_service.h"
#include "store/review_store.h"

namespace cuomin::cmd {

Result<std::unique_ptr<store::ReviewStore>> OpenDatabase(const std::string& path);

namespace {

constexpr char kUserHelp[] = R"(用法：
  cuomin user add NAME --unit UNIT --role ROLE [--display-name 姓名] [--db FILE]
  cuomin user passwd NAME [--db FILE]
  cuomin user disable NAME [--db FILE]
  cuomin user role NAME ROLE [--db FILE]
  cuomin user list [--db FILE]

ROLE：editor（编辑）、reviewer1（初审）、reviewer2（复审）、reviewer3（终审）、admin（管理员）。
密码在终端上提示输入两次；非终端时从标准输入读一行。
)";

constexpr char kUnitHelp[] = R"(用法：
  cuomin unit add NAME [--oversees-all] [--db FILE]   新建单位（--oversees-all：市级审核单位，可审核所有单位）
  cuomin unit list [--db FILE]
)";

constexpr char kAuditHelp[] = R"(用法：
  cuomin audit verify [--db FILE]   校验审计日志的散列链；完好时退出码 0，被改动时 1
)";

struct Args {
  std::vector<std::string> positional;
  std::string db = "data/cuomin.db";
  std::string unit, role, display_name;
  bool oversees_all = false;
  bool help = false;
};

Result<Args> Parse(const std::vector<std::string_view>& args) {
  Args out;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string a(args[i]);
    if (a == "-h" || a == "--help") {
      out.help = true;
      continue;
    }
    if (a == "--oversees-all") {
      out.oversees_all = true;
      continue;
    }
    if (a.rfind("--", 0) == 0) {
      if (i + 1 >= args.size()) return Status::InvalidInput(a + " 需要一个值");
      std::string v(args[++i]);
      if (a == "--db") {
        out.db = v;
      } else if (a == "--unit") {
        out.unit = v;
      } else if (a == "--role") {
        out.role = v;
      } else if (a == "--display-name") {
        out.display_name = v;
      } else if (a == "--password") {
        return Status::InvalidInput(
            "密码不能写在命令行上（其他用户可见），请按提示输入或从标准输入提供");
      } else {
        return Status::InvalidInput("未知的选项：" + a);
      }
      continue;
    }
    out.positional.push_back(a);
  }
  return out;
}

std::optional<std::string> ReadLineNoEcho(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios old{};
  bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
  if (tty) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  bool ok = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    std::cerr << "\n";
  }
  if (!ok) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> ReadPassword() {
  if (!isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line)) return Status::InvalidInput("标准输入中没有密码");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  std::optional<std::string> a = ReadLineNoEcho("密码：");
  std::optional<std::string> b = ReadLineNoEcho("再输入一次：");
  if (!a || !b) return Status::InvalidInput("没有读到密码");
  if (*a != *b) return Status::InvalidInput("两次输入的密码不一致");
  return *a;
}

int Fail(const std::string& cmd, const std::string& message) {
  std::cerr << "cuomin " << cmd << ": " << message << "\n";
  return kExitError;
}

}  // namespace

int RunUser(const std::vector<std::string_view>& argv) {
  Result<Args> args = Parse(argv);
  if (!args.ok()) return Fail("user", args.status().message());
  if (args->help || args->positional.empty()) {
    (args->help ? std::cout : std::cerr) << kUserHelp;
    return args->help ? kExitOk : kExitError;
  }
  const std::string& action = args->positional[0];
  if (args->positional.size() != (action == "list" ? 1u : action == "role" ? 3u : 2u)) {
    return Fail("user", "参数个数不对\n" + std::string(kUserHelp));
  }
  Result<std::unique_ptr<store::ReviewStore>> db = OpenDatabase(args->db);
  if (!db.ok()) return Fail("user", db.status().message());
  review::SystemClock clock;
  review::ReviewService svc(db->get(), nullptr, &clock);
  review::Actor cli = review::CommandLineActor();
  if (action == "list") {
    Result<std::vector<store::User>> users = svc.ListUsers(cli);
    Result<std::vector<store::Unit>> units = svc.ListUnits(cli);
    if (!users.ok()) return Fail("user", users.status().message());
    if (!units.ok()) return Fail("user", units.status().message());
    for (const store::User& u : *users) {
      std::string unit;
      for (const store::Unit& un : *units) {
        if (un.id == u.unit_id) unit = un.name;
      }
      std::cout << u.username << "\t" << u.display_name << "\t" << unit << "\t"
                << store::ToString(u.role) << (u.disabled ? "\t已停用" : "") << "\n";
    }
    return kExitOk;
  }
  const std::string& name = args->positional[1];
  if (action == "add") {
    if (args->unit.empty() || args->role.empty())
      return Fail("user", "user add 需要 --unit 和 --role");
    std::optional<store::Role> role = store::ParseRole(args->role);
    if (!role) return Fail("user", "未知的角色：" + args->role);
    Result<std::vector<store::Unit>> units = svc.ListUnits(cli);
    if (!units.ok()) return Fail("user", units.status().message());
    int64_t unit_id = 0;
    for (const store::Unit& u : *units) {
      if (u.name == args->unit) unit_id = u.id;
    }
    if (unit_id == 0) {
      return Fail("user", "单位“" + args->unit + "”不存在，请先运行 cuomin unit add " + args->unit);
    }
    Result<std::string> password = ReadPassword();
    if (!password.ok()) return Fail("user", password.status().message());
    Result<store::User> u =
        svc.CreateUser(cli, name, args->display_name, unit_id, *role, *password);
    if (!u.ok()) return Fail("user", u.status().message());
    std::cerr << "已添加用户 " << name << "（" << store::ChineseName(*role) << "，" << args->unit
              << "）\n";
    return kExitOk;
  }
  if (action == "passwd") {
    Result<std::string> password = ReadPassword();
    if (!password.ok()) return Fail("user", password.status().message());
    Result<store::User> u = svc.SetPassword(cli, name, *password);
    if (!u.ok()) return Fail("user", u.status().message());
    std::cerr << "已修改 " << name
              << " 的密码（正在运行的服务器中该用户的会话在其下次请求时仍有效，直到过期）\n";
    return kExitOk;
  }
  if (action == "role") {
    std::optional<store::Role> role = store::ParseRole(args->positional[2]);
    if (!role) return Fail("user", "未知的角色：" + args->positional[2]);
    Result<store::User> u = svc.SetRole(cli, name, *role);
    if (!u.ok()) return Fail("user", u.status().message());
    std::cerr << name << " 的角色改为 " << store::ChineseName(*role) << "\n";
    return kExitOk;
  }
  if (action == "disable") {
    Result<store::User> u = svc.DisableUser(cli, name);
    if (!u.ok()) return Fail("user", u.status().message());
    std::cerr << "已停用用户 " << name << "\n";
    return kExitOk;
  }
  return Fail("user", "未知的操作：" + action + "\n" + kUserHelp);
}

int RunUnit(const std::vector<std::string_view>& argv) {
  Result<Args> args = Parse(argv);
  if (!args.ok()) return Fail("unit", args.status().message());
  if (args->help || args->positional.empty()) {
    (args->help ? std::cout : std::cerr) << kUnitHelp;
    return args->help ? kExitOk : kExitError;
  }
  Result<std::unique_ptr<store::ReviewStore>> db = OpenDatabase(args->db);
  if (!db.ok()) return Fail("unit", db.status().message());
  review::SystemClock clock;
  review::ReviewService svc(db->get(), nullptr, &clock);
  review::Actor cli = review::CommandLineActor();
  const std::string& action = args->positional[0];
  if (action == "list") {
    Result<std::vector<store::Unit>> units = svc.ListUnits(cli);
    if (!units.ok()) return Fail("unit", units.status().message());
    for (const store::Unit& u : *units) {
      std::cout << u.id << "\t" << u.name << (u.oversees_all ? "\t审核全部单位" : "") << "\n";
    }
    return kExitOk;
  }
  if (action == "add" && args->positional.size() == 2) {
    Result<store::Unit> u = svc.CreateUnit(cli, args->positional[1], args->oversees_all);
    if (!u.ok()) return Fail("unit", u.status().message());
    std::cerr << "已添加单位 " << u->name << "\n";
    return kExitOk;
  }
  return Fail("unit", std::string("参数不对\n") + kUnitHelp);
}

int RunAudit(const std::vector<std::string_view>& argv) {
  Result<Args> args = Parse(argv);
  if (!args.ok()) return Fail("audit", args.status().message());
  if (args->help || args->positional.size() != 1 || args->positional[0] != "verify") {
    (args->help ? std::cout : std::cerr) << kAuditHelp;
    return args->help ? kExitOk : kExitError;
  }
  Result<std::unique_ptr<store::ReviewStore>> db = OpenDatabase(args->db);
  if (!db.ok()) return Fail("audit", db.status().message());
  Result<review::ChainCheck> check = review::VerifyAuditChain(**db);
  if (!check.ok()) return Fail("audit", check.status().message());
  if (!check->ok) {
    std::cout << args->db << "：" << check->message << "（共 " << check->entries << " 条）\n";
    return kExitFindings;
  }
  std::cout << args->db << "：审计日志完好，共 " << check->entries << " 条\n";
  return kExitOk;
}

}  // namespace cuomin::cmd
