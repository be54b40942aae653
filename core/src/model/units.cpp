// Task-level cpu/memory strings to CPU units and MiB (see ecsplay/units.h).
#include "ecsplay/units.h"

#include <cctype>

#include "ecsplay/finding.h"

namespace ecsplay {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Parses "<number><spaces><unit>" where number is digits with at most one '.', exactly:
// the value is mantissa / 10^scale. Refuses signs, exponents and more than 9 integer digits.
struct Quantity {
  bool ok = false;
  int64_t mantissa = 0;
  int scale = 0;  // digits after the point
  std::string unit;
};

Quantity parseQuantity(std::string_view text) {
  Quantity q;
  std::string_view s = trim(text);
  size_t i = 0;
  int intDigits = 0;
  bool point = false;
  int fracDigits = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (point) {
        if (fracDigits >= 6) return q;  // finer than a millionth: not a meaningful size
        ++fracDigits;
      } else {
        if (++intDigits > 9) return q;  // beyond any ECS size; keeps the arithmetic in range
      }
      q.mantissa = q.mantissa * 10 + (c - '0');
      ++i;
    } else if (c == '.' && !point) {
      point = true;
      ++i;
    } else {
      break;
    }
  }
  if (intDigits + fracDigits == 0) return q;
  q.scale = fracDigits;
  q.unit = lower(trim(s.substr(i)));
  q.ok = true;
  return q;
}

int64_t pow10(int n) {
  int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

UnitValue convert(std::string_view rawText, const char* unitName, const char* what, const char* plainName,
                  const char* example) {
  UnitValue out;
  Quantity q = parseQuantity(rawText);
  std::string text = clip(std::string(rawText), 40);  // quoted in messages
  std::string forms = std::string("Write ") + what + " as a whole number of " + plainName + " (for example \"" +
                      (what[0] == 'c' ? "1024" : "2048") + "\") or as " + example + ".";
  if (!q.ok) {
    out.error = "\"" + text + "\" is not a valid " + what + " value. " + forms;
    return out;
  }
  int64_t den = pow10(q.scale);
  if (q.unit.empty()) {
    if (q.mantissa % den != 0) {
      out.error = "\"" + text + "\" is not a whole number of " + plainName + ". " + forms;
      return out;
    }
    out.value = q.mantissa / den;
    return out;
  }
  if (q.unit != unitName) {
    out.error = "\"" + text + "\" uses the unit \"" + q.unit + "\", which ECS does not accept for " +
                what + ". " + forms;
    return out;
  }
  int64_t scaled = q.mantissa * 1024;
  if (scaled % den != 0) {
    out.error = "\"" + text + "\" is not a whole number of " + plainName + " (it would be " +
                std::to_string(scaled / den) + "." + std::to_string((scaled % den) * 10 / den) + "...). " + forms;
    return out;
  }
  out.value = scaled / den;
  out.convertedFromUnit = true;
  return out;
}

}  // namespace

UnitValue parseCpuUnits(std::string_view text) {
  return convert(text, "vcpu", "cpu", "CPU units", "vCPUs (for example \"1 vCPU\" or \".25 vCPU\")");
}

UnitValue parseMemoryMiB(std::string_view text) {
  return convert(text, "gb", "memory", "MiB", "GB (for example \"2 GB\" or \"0.5 GB\")");
}

std::string fractionOf1024(int64_t value) {
  int64_t whole = value / 1024;
  int64_t rest = value % 1024;
  if (rest == 0) return std::to_string(whole);
  // value/1024 has at most 10 decimal digits; print exactly, without trailing zeros.
  std::string frac;
  int64_t r = rest;
  for (int i = 0; i < 10 && r != 0; ++i) {
    r *= 10;
    frac += static_cast<char>('0' + r / 1024);
    r %= 1024;
  }
  return (whole == 0 ? std::string() : std::to_string(whole)) + "." + frac;
}

std::string describeCpu(int64_t units) {
  return std::to_string(units) + " CPU units (" + fractionOf1024(units) + " vCPU)";
}

std::string describeMemory(int64_t mib) {
  if (mib % 256 == 0) {
    std::string gb = fractionOf1024(mib);
    return std::to_string(mib) + " MiB (" + (gb[0] == '.' ? "0" + gb : gb) + " GB)";
  }
  return std::to_string(mib) + " MiB";
}

}  // namespace ecsplay
