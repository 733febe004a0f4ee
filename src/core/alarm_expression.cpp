#include "core/alarm_expression.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <utility>

namespace dqc {

// An immutable parse tree; copies of an AlarmExpression share it.
struct AlarmExpression::Node {
  enum class Op {
    // leaves
    kNumber,
    kNull,
    kBool,
    kPlaceholder,
    // unary, the operand in lhs
    kNeg,
    kAbs,
    kNot,
    // binary
    kAdd,
    kSub,
    kMul,
    kDiv,
    kEq,
    kNe,
    kLt,
    kGt,
    kLe,
    kGe,
    kAnd,
    kOr,
  };
  Op op = Op::kNull;
  size_t begin = 0, end = 0;  // byte span in the expression text, quoted by error messages
  int depth = 1;              // height of this subtree, bounded so evaluation cannot overflow
  Decimal number;             // kNumber
  bool boolean = false;       // kBool
  Placeholder placeholder{};  // kPlaceholder
  std::shared_ptr<const Node> lhs, rhs;
};

namespace {

using Node = AlarmExpression::Node;
using NodePtr = std::shared_ptr<const Node>;
using Op = Node::Op;

// Parentheses, abs() and unary operators nested deeper than this are refused, so the
// recursive-descent parser cannot overflow the stack on "((((...".
constexpr int kMaxNesting = 100;
// Long operator chains ("1+1+1+...") build a deep tree without nesting; evaluation and
// destruction recurse over it, so its height is bounded too.
constexpr int kMaxTreeDepth = 1000;

// Whether a node yields true/false. Placeholders and literals never do, so this is known when
// parsing and type errors ("1 && 2", "${1_1}+1" as a whole expression) are caught at parse time.
bool IsBoolean(Op op) {
  switch (op) {
    case Op::kBool:
    case Op::kNot:
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kGt:
    case Op::kLe:
    case Op::kGe:
    case Op::kAnd:
    case Op::kOr:
      return true;
    default:
      return false;
  }
}

std::string_view Symbol(Op op) {
  switch (op) {
    case Op::kNeg:
    case Op::kSub:
      return "-";
    case Op::kAbs:
      return "abs";
    case Op::kNot:
      return "!";
    case Op::kAdd:
      return "+";
    case Op::kMul:
      return "*";
    case Op::kDiv:
      return "/";
    case Op::kEq:
      return "==";
    case Op::kNe:
      return "!=";
    case Op::kLt:
      return "<";
    case Op::kGt:
      return ">";
    case Op::kLe:
      return "<=";
    case Op::kGe:
      return ">=";
    case Op::kAnd:
      return "&&";
    case Op::kOr:
      return "||";
    default:
      return "?";
  }
}

// ---------------------------------------------------------------------------------------------
// Lexer

enum class Tok {
  kEnd,
  kError,  // the lexer refused the input; the Status is already recorded
  kNumber,
  kPlaceholder,
  kNull,
  kTrue,
  kFalse,
  kAbs,
  kLParen,
  kRParen,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kEq,
  kNe,
  kLt,
  kGt,
  kLe,
  kGe,
  kNot,
  kAnd,
  kOr,
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t begin = 0, end = 0;
  Decimal number;
  Placeholder placeholder{};
};

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}
bool IsAlpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Text quoted in a message, cut short so a megabyte of input does not make a megabyte of
// message; the cut backs off to a UTF-8 character boundary.
std::string Shorten(std::string_view s) {
  constexpr size_t kMax = 120;
  if (s.size() <= kMax) return std::string(s);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

// A character for a message; bytes outside printable ASCII are shown as hex so a message never
// carries a broken UTF-8 sequence into a JSON error body.
std::string Describe(char c) {
  if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "byte 0x%02X", static_cast<unsigned char>(c));
  return buffer;
}

// `${a_b}` contents: a is 1 or 2, b a positive integer without leading zeros.
std::optional<Placeholder> ParsePlaceholder(std::string_view body) {
  if (body.size() < 3 || (body[0] != '1' && body[0] != '2') || body[1] != '_') return std::nullopt;
  std::string_view output = body.substr(2);
  if (output[0] == '0' || output.size() > 6) return std::nullopt;
  if (!std::all_of(output.begin(), output.end(), IsDigit)) return std::nullopt;
  return Placeholder{body[0] - '0', std::stoi(std::string(output))};
}

// ---------------------------------------------------------------------------------------------
// Parser: recursive descent, reading one token at a time so that a refused input is not read
// past the error (a megabyte of "(" stops at the 101st). On an error a function records the
// first Status and returns nullptr, which every caller passes straight up.

class Parser {
 public:
  explicit Parser(const std::string& text) : text_(text) {}

  NodePtr Run() {
    token_ = Next();
    if (token_.kind == Tok::kEnd) {
      error_ = Status::Invalid("alarm expression is empty");
      return nullptr;
    }
    NodePtr root = ParseOr();
    if (!root || !error_.ok()) return nullptr;
    if (Peek().kind != Tok::kEnd) return Fail(Peek().begin, "an operator", Found(Peek()));
    if (!IsBoolean(root->op)) {
      error_ =
          Status::Invalid("alarm expression does not yield true/false: \"" + Shorten(text_) + "\"");
      return nullptr;
    }
    return root;
  }

  const Status& error() const { return error_; }
  std::vector<Placeholder> placeholders() const { return placeholders_; }

 private:
  // "alarm expression: expected ')' at position 12 (found end of expression) in "(${1_1}<100"".
  // Positions count bytes from 1.
  std::nullptr_t Fail(size_t pos, const std::string& expected, const std::string& found) {
    return Error("expected " + expected + " at position " + std::to_string(pos + 1) + " (found " +
                 found + ")");
  }
  std::nullptr_t Error(const std::string& problem) {
    if (error_.ok()) {
      error_ = Status::Invalid("alarm expression: " + problem + " in \"" + Shorten(text_) + "\"");
    }
    return nullptr;
  }

  // Part of the text, for a message.
  std::string Span(size_t begin, size_t end) const {
    return Shorten(std::string_view(text_).substr(begin, end - begin));
  }
  std::string Found(const Token& t) const {
    return t.kind == Tok::kEnd ? "end of expression" : "'" + Span(t.begin, t.end) + "'";
  }

  // The token starting at next_ (after any whitespace); kError after recording the problem.
  Token Next() {
    const std::string& s = text_;
    size_t& i = next_;
    while (i < s.size() && IsSpace(s[i])) ++i;
    Token t;
    t.begin = i;
    if (i == s.size()) {
      t.end = i;
      return t;
    }
    char c = s[i];
    char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (IsDigit(c) || (c == '.' && IsDigit(next))) {
      // Digits, an optional fraction, an optional exponent; an 'e' not followed by an exponent
      // is left for the next token (and then refused as an unknown name).
      size_t j = i;
      while (j < s.size() && IsDigit(s[j])) ++j;
      if (j < s.size() && s[j] == '.') {
        ++j;
        while (j < s.size() && IsDigit(s[j])) ++j;
      }
      if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
        size_t k = j + 1;
        if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
        if (k < s.size() && IsDigit(s[k])) {
          while (k < s.size() && IsDigit(s[k])) ++k;
          j = k;
        }
      }
      std::optional<Decimal> number = Decimal::Parse(std::string_view(s).substr(i, j - i));
      if (!number) return LexError(Fail(i, "a number", "'" + Span(i, j) + "', out of range"));
      t.kind = Tok::kNumber;
      t.number = *number;
      i = j;
    } else if (c == '$') {
      if (next != '{') {
        return LexError(Fail(i + 1, "'{' after '$'", next ? Describe(next) : "end of expression"));
      }
      size_t j = i + 2;
      while (j < s.size() && (IsAlpha(s[j]) || IsDigit(s[j]) || s[j] == '-' || s[j] == '.')) ++j;
      if (j == s.size() || s[j] != '}') {
        return LexError(Fail(j, "'}' closing the placeholder",
                             j == s.size() ? "end of expression" : Describe(s[j])));
      }
      std::optional<Placeholder> p = ParsePlaceholder(std::string_view(s).substr(i + 2, j - i - 2));
      if (!p) {
        Error("invalid placeholder " + Span(i, j + 1) + " at position " + std::to_string(i + 1) +
              " (expected ${1_n} for the source or ${2_n} for the target, n >= 1)");
        return LexError(nullptr);
      }
      t.kind = Tok::kPlaceholder;
      t.placeholder = *p;
      i = j + 1;
    } else if (IsAlpha(c)) {
      size_t j = i;
      while (j < s.size() && (IsAlpha(s[j]) || IsDigit(s[j]))) ++j;
      // Keywords ignore case: SQL habits write NULL and ABS.
      std::string word = Lower(std::string_view(s).substr(i, j - i));
      if (word == "null") {
        t.kind = Tok::kNull;
      } else if (word == "true") {
        t.kind = Tok::kTrue;
      } else if (word == "false") {
        t.kind = Tok::kFalse;
      } else if (word == "abs") {
        t.kind = Tok::kAbs;
      } else {
        Error("unknown name '" + Span(i, j) + "' at position " + std::to_string(i + 1));
        return LexError(nullptr);
      }
      i = j;
    } else {
      static constexpr struct {
        std::string_view text;
        Tok kind;
      } kOperators[] = {
          {"==", Tok::kEq},   {"!=", Tok::kNe},    {"<=", Tok::kLe},    {">=", Tok::kGe},
          {"&&", Tok::kAnd},  {"||", Tok::kOr},    {"<", Tok::kLt},     {">", Tok::kGt},
          {"!", Tok::kNot},   {"+", Tok::kPlus},   {"-", Tok::kMinus},  {"*", Tok::kStar},
          {"/", Tok::kSlash}, {"(", Tok::kLParen}, {")", Tok::kRParen},
      };
      bool matched = false;
      for (const auto& op : kOperators) {
        if (std::string_view(s).substr(i, op.text.size()) == op.text) {
          t.kind = op.kind;
          i += op.text.size();
          matched = true;
          break;
        }
      }
      if (!matched) {
        std::string hint = c == '='                 ? " ('==' compares)"
                           : (c == '&' || c == '|') ? " (use && or ||)"
                                                    : "";
        Error("unexpected " + Describe(c) + " at position " + std::to_string(i + 1) + hint);
        return LexError(nullptr);
      }
    }
    t.end = i;
    return t;
  }

  static Token LexError(std::nullptr_t) {
    Token t;
    t.kind = Tok::kError;
    return t;
  }

  const Token& Peek() const { return token_; }
  Token Take() {  // stays on a final kEnd or kError
    Token t = token_;
    if (t.kind != Tok::kEnd && t.kind != Tok::kError) token_ = Next();
    return t;
  }

  // Builds an operator node after checking its operands' types; `op_pos` is where the operator
  // was written.
  std::shared_ptr<Node> Make(Op op, size_t op_pos, NodePtr lhs, NodePtr rhs = nullptr) {
    const bool logic = op == Op::kNot || op == Op::kAnd || op == Op::kOr;
    const bool equality = op == Op::kEq || op == Op::kNe;
    if (equality) {
      if (IsBoolean(lhs->op) != IsBoolean(rhs->op)) {
        return Error("cannot compare true/false with a value using '" + std::string(Symbol(op)) +
                     "' at position " + std::to_string(op_pos + 1));
      }
    } else {
      for (const NodePtr& operand : {lhs, rhs}) {
        if (operand && IsBoolean(operand->op) != logic) {
          return Fail(operand->begin,
                      std::string(logic ? "a true/false" : "a value") + " operand of '" +
                          std::string(Symbol(op)) + "'",
                      "'" + Span(operand->begin, operand->end) + "'");
        }
      }
    }
    auto node = std::make_shared<Node>();
    node->op = op;
    node->begin = std::min(op_pos, lhs->begin);
    node->end = rhs ? rhs->end : lhs->end;
    node->depth = 1 + std::max(lhs->depth, rhs ? rhs->depth : 0);
    node->lhs = std::move(lhs);
    node->rhs = std::move(rhs);
    if (node->depth > kMaxTreeDepth) {
      return Error("expression longer than " + std::to_string(kMaxTreeDepth) +
                   " operators in a row");
    }
    return node;
  }

  // One level of binary operators: next (op next)*, left-associative.
  template <typename Next>
  NodePtr Binary(Next next, std::initializer_list<std::pair<Tok, Op>> ops) {
    NodePtr lhs = (this->*next)();
    while (lhs) {
      auto it = std::find_if(ops.begin(), ops.end(),
                             [&](const auto& p) { return p.first == Peek().kind; });
      if (it == ops.end()) break;
      size_t op_pos = Take().begin;
      NodePtr rhs = (this->*next)();
      if (!rhs) return nullptr;
      lhs = Make(it->second, op_pos, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  NodePtr ParseOr() { return Binary(&Parser::ParseAnd, {{Tok::kOr, Op::kOr}}); }
  NodePtr ParseAnd() { return Binary(&Parser::ParseEquality, {{Tok::kAnd, Op::kAnd}}); }
  NodePtr ParseEquality() {
    return Binary(&Parser::ParseRelational, {{Tok::kEq, Op::kEq}, {Tok::kNe, Op::kNe}});
  }
  NodePtr ParseRelational() {
    return Binary(
        &Parser::ParseAdditive,
        {{Tok::kLt, Op::kLt}, {Tok::kGt, Op::kGt}, {Tok::kLe, Op::kLe}, {Tok::kGe, Op::kGe}});
  }
  NodePtr ParseAdditive() {
    return Binary(&Parser::ParseMultiplicative, {{Tok::kPlus, Op::kAdd}, {Tok::kMinus, Op::kSub}});
  }
  NodePtr ParseMultiplicative() {
    return Binary(&Parser::ParseUnary, {{Tok::kStar, Op::kMul}, {Tok::kSlash, Op::kDiv}});
  }

  // Counts one level of nesting for as long as it lives.
  struct Nest {
    explicit Nest(int& depth) : depth_(depth) { ++depth_; }
    ~Nest() { --depth_; }
    int& depth_;
  };
  bool TooDeep(size_t pos) {
    if (nesting_ <= kMaxNesting) return false;
    Error("expression nested deeper than " + std::to_string(kMaxNesting) + " levels at position " +
          std::to_string(pos + 1));
    return true;
  }

  NodePtr ParseUnary() {
    Tok kind = Peek().kind;
    if (kind != Tok::kNot && kind != Tok::kMinus) return ParsePrimary();
    size_t op_pos = Take().begin;
    Nest nest(nesting_);
    if (TooDeep(op_pos)) return nullptr;
    NodePtr operand = ParseUnary();
    if (!operand) return nullptr;
    return Make(kind == Tok::kNot ? Op::kNot : Op::kNeg, op_pos, std::move(operand));
  }

  NodePtr ParsePrimary() {
    const Token t = Take();
    auto leaf = std::make_shared<Node>();
    leaf->begin = t.begin;
    leaf->end = t.end;
    switch (t.kind) {
      case Tok::kNumber:
        leaf->op = Op::kNumber;
        leaf->number = t.number;
        return leaf;
      case Tok::kNull:
        leaf->op = Op::kNull;
        return leaf;
      case Tok::kTrue:
      case Tok::kFalse:
        leaf->op = Op::kBool;
        leaf->boolean = t.kind == Tok::kTrue;
        return leaf;
      case Tok::kPlaceholder: {
        leaf->op = Op::kPlaceholder;
        leaf->placeholder = t.placeholder;
        // Recorded once each, in order of first appearance.
        bool seen = std::any_of(placeholders_.begin(), placeholders_.end(), [&](const auto& p) {
          return p.side == t.placeholder.side && p.output == t.placeholder.output;
        });
        if (!seen) placeholders_.push_back(t.placeholder);
        return leaf;
      }
      case Tok::kLParen:
      case Tok::kAbs: {
        Nest nest(nesting_);
        if (TooDeep(t.begin)) return nullptr;
        if (t.kind == Tok::kAbs) {
          if (Peek().kind != Tok::kLParen) {
            return Fail(Peek().begin, "'(' after abs", Found(Peek()));
          }
          Take();
        }
        NodePtr inner = ParseOr();
        if (!inner) return nullptr;
        if (Peek().kind != Tok::kRParen) return Fail(Peek().begin, "')'", Found(Peek()));
        size_t close = Take().begin;
        if (t.kind == Tok::kLParen) return inner;  // the tree needs no node for parentheses
        std::shared_ptr<Node> node = Make(Op::kAbs, t.begin, std::move(inner));
        if (node) node->end = close + 1;
        return node;
      }
      case Tok::kError:
        return nullptr;
      default:
        return Fail(t.begin, "a value", Found(t));
    }
  }

  const std::string& text_;
  size_t next_ = 0;  // where the lexer continues
  Token token_;      // the current token
  int nesting_ = 0;
  std::vector<Placeholder> placeholders_;
  Status error_;
};

// ---------------------------------------------------------------------------------------------
// Evaluation

// An intermediate value: a Value's kinds plus the true/false of comparisons and logic.
struct Val {
  enum class Kind { kNull, kExact, kFloat, kText, kBool };
  Kind kind = Kind::kNull;
  Decimal number;
  std::string text;
  bool boolean = false;

  bool is_number() const { return kind == Kind::kExact || kind == Kind::kFloat; }
  static Val Number(Decimal d, bool is_float) {
    return {is_float ? Kind::kFloat : Kind::kExact, std::move(d), {}, false};
  }
  static Val Bool(bool b) { return {Kind::kBool, {}, {}, b}; }
};

class Evaluator {
 public:
  Evaluator(const std::string& text, const Node& root,
            const std::function<Value(const Placeholder&)>& lookup, const Tolerance& tolerance)
      : text_(text), root_(&root), lookup_(lookup), tolerance_(tolerance) {}

  Result<Val> Eval(const Node& n) {
    switch (n.op) {
      case Op::kNumber:
        return Val::Number(n.number, false);
      case Op::kNull:
        return Val{};
      case Op::kBool:
        return Val::Bool(n.boolean);
      case Op::kPlaceholder:
        return Lookup(n);
      case Op::kNot: {
        Result<Val> v = Eval(*n.lhs);
        if (!v.ok()) return v;
        if (Status s = RequireBool(*v, *n.lhs, n); !s.ok()) return s;
        return Val::Bool(!v->boolean);
      }
      case Op::kNeg:
      case Op::kAbs: {
        Result<Val> v = Eval(*n.lhs);
        if (!v.ok()) return v;
        if (Status s = RequireNumber(*v, *n.lhs, n); !s.ok()) return s;
        Decimal d = n.op == Op::kNeg ? -v->number : v->number.Abs();
        return Val::Number(std::move(d), v->kind == Val::Kind::kFloat);
      }
      case Op::kAnd:
      case Op::kOr: {
        // Short-circuit, so "${1_1} == null || ${1_1} > 5" can guard against a NULL.
        Result<Val> a = Eval(*n.lhs);
        if (!a.ok()) return a;
        if (Status s = RequireBool(*a, *n.lhs, n); !s.ok()) return s;
        if (a->boolean == (n.op == Op::kOr)) return a;
        Result<Val> b = Eval(*n.rhs);
        if (!b.ok()) return b;
        if (Status s = RequireBool(*b, *n.rhs, n); !s.ok()) return s;
        return b;
      }
      default:
        break;
    }
    Result<Val> a = Eval(*n.lhs);
    if (!a.ok()) return a;
    Result<Val> b = Eval(*n.rhs);
    if (!b.ok()) return b;
    switch (n.op) {
      case Op::kEq:
      case Op::kNe: {
        Result<bool> equal = Equal(*a, *b, n);
        if (!equal.ok()) return equal.status();
        return Val::Bool(*equal == (n.op == Op::kEq));
      }
      case Op::kLt:
      case Op::kGt:
      case Op::kLe:
      case Op::kGe: {
        Result<int> order = Order(*a, *b, n);
        if (!order.ok()) return order.status();
        int c = *order;
        bool r = n.op == Op::kLt   ? c < 0
                 : n.op == Op::kGt ? c > 0
                 : n.op == Op::kLe ? c <= 0
                                   : c >= 0;
        return Val::Bool(r);
      }
      default:
        return Arithmetic(*a, *b, n);
    }
  }

 private:
  // "alarm expression "<text>": <problem>", adding the part of the expression concerned when it
  // is not the whole.
  Status Error(const Node& where, const std::string& problem) const {
    std::string message = "alarm expression \"" + Shorten(text_) + "\": " + problem;
    if (&where != root_) message += " (in " + Text(where) + ")";
    return Status::Invalid(message);
  }
  // Part of the text, for a message.
  std::string Text(const Node& n) const {
    return Shorten(std::string_view(text_).substr(n.begin, n.end - n.begin));
  }

  Result<Val> Lookup(const Node& n) {
    Value v = lookup_(n.placeholder);
    switch (v.kind) {
      case Value::Kind::kNull:
        return Val{};
      case Value::Kind::kText:
        return Val{Val::Kind::kText, {}, std::move(v.text), false};
      case Value::Kind::kBool:
        return Val::Bool(v.text == "true");
      case Value::Kind::kExact:
      case Value::Kind::kFloat: {
        std::optional<Decimal> d = v.number();
        if (!d) return Error(n, Text(n) + " is not a valid number");
        return Val::Number(std::move(*d), v.kind == Value::Kind::kFloat);
      }
    }
    return Val{};
  }

  Status RequireNumber(const Val& v, const Node& operand, const Node& op) const {
    std::string name = "'" + std::string(Symbol(op.op)) + "'";
    switch (v.kind) {
      case Val::Kind::kExact:
      case Val::Kind::kFloat:
        return Status::Ok();
      case Val::Kind::kNull:
        return Error(op, Text(operand) + " is null, and null can only be compared with == or !=");
      case Val::Kind::kText:
        return Error(op, Text(operand) + " is text, not a number, for " + name);
      case Val::Kind::kBool:
        return Error(op, Text(operand) + " is true/false, not a number, for " + name);
    }
    return Status::Ok();
  }

  Status RequireBool(const Val& v, const Node& operand, const Node& op) const {
    if (v.kind == Val::Kind::kBool) return Status::Ok();
    if (v.kind == Val::Kind::kNull) {
      return Error(op, Text(operand) + " is null, and null can only be compared with == or !=");
    }
    return Error(op,
                 Text(operand) + " is not true/false, for '" + std::string(Symbol(op.op)) + "'");
  }

  Result<bool> Equal(const Val& a, const Val& b, const Node& n) const {
    if (a.kind == Val::Kind::kNull || b.kind == Val::Kind::kNull) return a.kind == b.kind;
    if ((a.kind == Val::Kind::kBool) != (b.kind == Val::Kind::kBool)) {
      return Error(n, "cannot compare true/false with a value");
    }
    if (a.kind == Val::Kind::kBool) return a.boolean == b.boolean;
    // Text on either side: exact text, a number taking its canonical form ('00501' != 501).
    if (a.kind == Val::Kind::kText || b.kind == Val::Kind::kText) {
      auto text = [](const Val& v) {
        return v.kind == Val::Kind::kText ? v.text : v.number.ToString();
      };
      return text(a) == text(b);
    }
    if (a.kind == Val::Kind::kFloat || b.kind == Val::Kind::kFloat) {
      // |a-b| <= max(absolute, relative * max(|a|, |b|))
      Decimal largest = std::max(a.number.Abs(), b.number.Abs());
      Decimal allowed = std::max(tolerance_.absolute, tolerance_.relative * largest);
      return !(allowed < (a.number - b.number).Abs());
    }
    return a.number == b.number;
  }

  Result<int> Order(const Val& a, const Val& b, const Node& n) const {
    const std::string name = "'" + std::string(Symbol(n.op)) + "'";
    for (const auto& [v, operand] : {std::pair<const Val&, const Node&>(a, *n.lhs), {b, *n.rhs}}) {
      if (v.kind == Val::Kind::kNull) {
        return Error(n, Text(operand) + " is null, and null can only be compared with == or !=");
      }
      if (v.kind == Val::Kind::kBool) return Error(n, "cannot order true/false with " + name);
    }
    if (a.is_number() && b.is_number()) return a.number.Compare(b.number);
    if (a.kind == Val::Kind::kText && b.kind == Val::Kind::kText) {
      int c = a.text.compare(b.text);  // char_traits<char>::compare is memcmp: bytewise
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    return Error(n, "cannot compare text with a number using " + name);
  }

  Result<Val> Arithmetic(const Val& a, const Val& b, const Node& n) const {
    if (Status s = RequireNumber(a, *n.lhs, n); !s.ok()) return s;
    if (Status s = RequireNumber(b, *n.rhs, n); !s.ok()) return s;
    const bool is_float = a.kind == Val::Kind::kFloat || b.kind == Val::Kind::kFloat;
    switch (n.op) {
      case Op::kAdd:
        return Val::Number(a.number + b.number, is_float);
      case Op::kSub:
        return Val::Number(a.number - b.number, is_float);
      case Op::kMul:
        return Val::Number(a.number * b.number, is_float);
      case Op::kDiv: {
        std::optional<Decimal> q = a.number.Divide(b.number, 50);
        if (!q) return Error(n, "division by zero");
        return Val::Number(std::move(*q), is_float);
      }
      default:
        return Status::Internal("alarm expression: unknown operator");
    }
  }

  const std::string& text_;
  const Node* root_;  // an error there needs no "(in ...)"
  const std::function<Value(const Placeholder&)>& lookup_;
  const Tolerance& tolerance_;
};

}  // namespace

Result<AlarmExpression> AlarmExpression::Parse(const std::string& text) {
  Parser parser(text);
  NodePtr root = parser.Run();
  if (!root) return parser.error();
  AlarmExpression e;
  e.text_ = text;
  e.placeholders_ = parser.placeholders();
  e.root_ = std::move(root);
  return e;
}

Result<bool> AlarmExpression::Evaluate(const std::function<Value(const Placeholder&)>& lookup,
                                       const Tolerance& tolerance) const {
  if (!root_) return Status::Invalid("alarm expression is empty");  // a default-constructed one
  Evaluator evaluator(text_, *root_, lookup, tolerance);
  Result<Val> v = evaluator.Eval(*root_);
  if (!v.ok()) return v.status();
  if (v->kind != Val::Kind::kBool) {
    return Status::Invalid("alarm expression does not yield true/false: \"" + Shorten(text_) +
                           "\"");
  }
  return v->boolean;
}

}  // namespace dqc
