#include "core/training/NpyFile.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <numeric>
#include <regex>
#include <string>
#include <string_view>

#include "core/util/AtomicFile.h"
#include "core/util/Error.h"

namespace tl {
namespace {

constexpr char kMagic[] = "\x93NUMPY";

std::int64_t product(const std::vector<std::int64_t>& shape) {
    return std::accumulate(shape.begin(), shape.end(), std::int64_t{1}, std::multiplies<>());
}

template <typename T>
void appendRaw(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <typename T>
void convert(const std::string& raw, std::size_t offset, std::vector<float>& values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
        T value;
        std::memcpy(&value, raw.data() + offset + i * sizeof(T), sizeof(T));
        values[i] = static_cast<float>(value);
    }
}

}  // namespace

void writeNpy(const std::filesystem::path& file, const std::vector<std::int64_t>& shape, const float* values,
              bool asInt64) {
    // Python's tuple syntax: "(4, 2)", "(4,)", "()"
    std::string shapeText;
    for (std::size_t i = 0; i < shape.size(); ++i) shapeText += (i ? ", " : "") + std::to_string(shape[i]);
    shapeText = "(" + shapeText + (shape.size() == 1 ? ",)" : ")");
    std::string header = std::string("{'descr': '") + (asInt64 ? "<i8" : "<f4") +
                         "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    // magic(6) + version(2) + length(2) + header + '\n', padded with spaces to a multiple of 64
    const std::size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::string out(kMagic, 6);
    out += '\x01';
    out += '\x00';
    appendRaw(out, static_cast<std::uint16_t>(header.size()));
    out += header;
    const auto count = static_cast<std::size_t>(product(shape));
    if (asInt64) {
        out.reserve(out.size() + count * 8);
        for (std::size_t i = 0; i < count; ++i) appendRaw(out, static_cast<std::int64_t>(std::llround(values[i])));
    } else {
        out.append(reinterpret_cast<const char*>(values), count * sizeof(float));
    }
    writeFileAtomically(file, out);
}

namespace {

struct NpyHeader {
    std::string descr;
    std::vector<std::int64_t> shape;
    std::size_t dataOffset = 0;
};

/// The header of a .npy file whose bytes start at `raw`; throws tl::Error naming `file`.
NpyHeader parseHeader(std::string_view raw, const std::filesystem::path& file) {
    auto fail = [&](const std::string& why) -> NpyHeader {
        throw Error(file.string() + ": not a usable .npy file: " + why);
    };
    if (raw.size() < 10 || raw.compare(0, 6, std::string_view(kMagic, 6)) != 0) return fail("no NumPy magic");
    const int major = static_cast<unsigned char>(raw[6]);
    std::size_t headerLength = 0, offset = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(raw[8]) | (static_cast<unsigned char>(raw[9]) << 8);
        offset = 10;
    } else if (major == 2 || major == 3) {
        if (raw.size() < 12) return fail("truncated header");
        std::uint32_t length;
        std::memcpy(&length, raw.data() + 8, 4);
        headerLength = length;
        offset = 12;
    } else {
        return fail("unknown format version " + std::to_string(major));
    }
    if (raw.size() < offset + headerLength) return fail("truncated header");
    const std::string header(raw.substr(offset, headerLength));
    NpyHeader result;
    result.dataOffset = offset + headerLength;
    std::smatch match;
    if (!std::regex_search(header, match, std::regex("'descr':\\s*'([^']+)'"))) return fail("no dtype");
    result.descr = match[1];
    if (std::regex_search(header, std::regex("'fortran_order':\\s*True")))
        return fail("Fortran order is not supported");
    if (!std::regex_search(header, match, std::regex("'shape':\\s*\\(([^)]*)\\)"))) return fail("no shape");
    const std::string dims = match[1];
    const std::regex number("\\d+");
    for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
        result.shape.push_back(std::stoll(it->str()));
    }
    return result;
}

}  // namespace

NpyArray readNpy(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open");
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto fail = [&](const std::string& why) { throw Error(file.string() + ": not a usable .npy file: " + why); };
    const auto header = parseHeader(raw, file);
    const auto offset = header.dataOffset;
    const auto& descr = header.descr;
    NpyArray array;
    array.shape = header.shape;
    const auto count = static_cast<std::size_t>(product(array.shape));
    array.values.resize(count);
    auto need = [&](std::size_t bytes) {
        if (raw.size() < offset + count * bytes) fail("truncated data");
    };
    if (descr == "<f4")
        need(4), convert<float>(raw, offset, array.values);
    else if (descr == "<f8")
        need(8), convert<double>(raw, offset, array.values);
    else if (descr == "<i4")
        need(4), convert<std::int32_t>(raw, offset, array.values);
    else if (descr == "<i8")
        need(8), convert<std::int64_t>(raw, offset, array.values);
    else if (descr == "|u1")
        need(1), convert<std::uint8_t>(raw, offset, array.values);
    else
        fail("dtype " + descr + " is not supported");
    return array;
}

MappedNpy mapNpy(const std::filesystem::path& file) {
    const int descriptor = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0) throw Error(file.string() + ": cannot open: " + std::strerror(errno));
    struct stat status {};
    if (::fstat(descriptor, &status) != 0 || status.st_size <= 0) {
        ::close(descriptor);
        throw Error(file.string() + ": not a usable .npy file: empty or unreadable");
    }
    const auto size = static_cast<std::size_t>(status.st_size);
    void* address = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, descriptor, 0);
    ::close(descriptor);  // the mapping stays valid without the descriptor
    if (address == MAP_FAILED) throw Error(file.string() + ": cannot map: " + std::strerror(errno));
    std::shared_ptr<const void> mapping(address, [size](const void* a) { ::munmap(const_cast<void*>(a), size); });
    const std::string_view raw(static_cast<const char*>(address), size);
    const auto header = parseHeader(raw, file);
    if (header.descr != "<f4") throw Error(file.string() + ": not a usable .npy file: mapping needs float32 ('<f4')");
    const auto count = static_cast<std::size_t>(product(header.shape));
    if (size < header.dataOffset + count * sizeof(float)) {
        throw Error(file.string() + ": not a usable .npy file: truncated data");
    }
    if (header.dataOffset % alignof(float) != 0)
        throw Error(file.string() + ": not a usable .npy file: misaligned data");
    MappedNpy result;
    result.shape = header.shape;
    result.values = reinterpret_cast<const float*>(static_cast<const char*>(address) + header.dataOffset);
    result.mapping = std::move(mapping);
    return result;
}

}  // namespace tl
