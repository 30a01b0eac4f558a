#include "core/weights/keras/internal/Hdf5File.h"

#include <hdf5.h>

#include <fstream>
#include <mutex>
#include <string_view>

#include "core/util/Error.h"

namespace tl::internal {
namespace {

static_assert(sizeof(hid_t) == sizeof(std::int64_t), "hid_t is stored as int64_t");

constexpr std::string_view kSignature{"\x89HDF\r\n\x1a\n", 8};

/// HDF5 keeps global state and Debian's build is not thread-safe: every call goes through this.
std::mutex& hdf5Mutex() {
    static std::mutex mutex;
    return mutex;
}

/// Switches off HDF5's default error printing (it writes whole error stacks to stderr); every
/// failure is reported through the return codes checked below instead.
void silenceHdf5() {
    static const bool silenced = [] {
        H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
        return true;
    }();
    (void)silenced;
}

/// Closes an HDF5 identifier with the function matching its kind when it goes out of scope.
class Handle {
public:
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    hid_t get() const { return id_; }
    bool valid() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

std::string stripNuls(const char* data, std::size_t size) {
    std::string text(data, size);
    const auto end = text.find('\0');
    return end == std::string::npos ? text : text.substr(0, end);
}

/// H5Lvisit's callback: stops at the first external link and keeps its name.
herr_t findExternalLink(hid_t, const char* name, const H5L_info_t* info, void* found) {
    if (info->type != H5L_TYPE_EXTERNAL) return 0;
    *static_cast<std::string*>(found) = name;
    return 1;
}

/// Why `dataset`'s bytes are not all in this file (external raw storage, a virtual dataset), or "".
std::string outsideStorage(hid_t dataset) {
    Handle plist(H5Dget_create_plist(dataset), H5Pclose);
    if (!plist.valid()) return {};
    if (H5Pget_external_count(plist.get()) > 0) return "keeps its values in another file";
    if (H5Pget_layout(plist.get()) == H5D_VIRTUAL) return "is a virtual dataset made of other files";
    return {};
}

}  // namespace

bool looksLikeHdf5(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    char head[8] = {};
    in.read(head, sizeof head);
    return in.gcount() == 8 && std::string_view(head, 8) == kSignature;
}

Hdf5File::Hdf5File(const std::filesystem::path& file) : path_(file) {
    std::lock_guard lock(hdf5Mutex());
    silenceHdf5();
    handle_ = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (handle_ < 0) {
        throw Error(file.string() + " cannot be opened as an HDF5 file (damaged or truncated?)");
    }
    // Links to other files are never followed: they could name anything on the machine (a named
    // pipe blocks whoever opens it). H5Lvisit walks this file's own links without following any.
    std::string external;
    H5Lvisit(handle_, H5_INDEX_NAME, H5_ITER_NATIVE, findExternalLink, &external);
    if (!external.empty()) {
        H5Fclose(handle_);
        handle_ = -1;
        throw Error(file.string() + ": '" + external +
                    "' is a link to another file, which is never followed; weights files hold their own values");
    }
}

Hdf5File::~Hdf5File() {
    std::lock_guard lock(hdf5Mutex());
    if (handle_ >= 0) H5Fclose(handle_);
}

bool Hdf5File::hasGroup(const std::string& objectPath) const {
    std::lock_guard lock(hdf5Mutex());
    if (objectPath != "/" && H5Lexists(handle_, objectPath.c_str(), H5P_DEFAULT) <= 0) return false;
    H5O_info_t info;
    if (H5Oget_info_by_name(handle_, objectPath.c_str(), &info, H5P_DEFAULT) < 0) return false;
    return info.type == H5O_TYPE_GROUP;
}

bool Hdf5File::hasAttribute(const std::string& objectPath, const std::string& name) const {
    std::lock_guard lock(hdf5Mutex());
    return H5Aexists_by_name(handle_, objectPath.c_str(), name.c_str(), H5P_DEFAULT) > 0;
}

std::vector<std::string> Hdf5File::stringListAttribute(const std::string& objectPath, const std::string& name) const {
    const auto where = path_.string() + ": attribute " + name + " of " + objectPath;
    const auto readOne = [&](const std::string& attributeName) {
        Handle attribute(H5Aopen_by_name(handle_, objectPath.c_str(), attributeName.c_str(), H5P_DEFAULT, H5P_DEFAULT),
                         H5Aclose);
        if (!attribute.valid()) throw Error(where + " cannot be opened");
        Handle type(H5Aget_type(attribute.get()), H5Tclose);
        Handle space(H5Aget_space(attribute.get()), H5Sclose);
        const auto count = space.valid() ? H5Sget_simple_extent_npoints(space.get()) : -1;
        if (count < 0) throw Error(where + " has an unreadable size");
        std::vector<std::string> values;
        // An empty list may come with any element type (h5py stores [] as float64).
        if (count == 0) return values;
        if (!type.valid() || H5Tget_class(type.get()) != H5T_STRING) throw Error(where + " is not a list of strings");
        if (H5Tis_variable_str(type.get()) > 0) {
            // Keras writes fixed-length names. Variable-length ones live in HDF5's global heap,
            // whose reader in HDF5 1.10 overruns its buffer on a damaged heap (found by fuzzing).
            throw Error(where +
                        " holds variable-length strings, which Keras never writes: not read (re-save the "
                        "weights with Keras' save_weights)");
        }
        const auto size = H5Tget_size(type.get());
        if (size == 0) throw Error(where + " has strings of size 0");
        // A layer list is kilobytes; a damaged header may declare gigabytes.
        if (size > (64u << 20) / static_cast<std::size_t>(count)) throw Error(where + " declares over 64 MiB of names");
        std::vector<char> buffer(size * static_cast<std::size_t>(count));
        Handle memory(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(memory.get(), size);
        H5Tset_strpad(memory.get(), H5T_STR_NULLPAD);
        if (H5Aread(attribute.get(), memory.get(), buffer.data()) < 0) throw Error(where + " cannot be read");
        for (hssize_t i = 0; i < count; ++i) values.push_back(stripNuls(buffer.data() + i * size, size));
        return values;
    };

    std::lock_guard lock(hdf5Mutex());
    if (H5Aexists_by_name(handle_, objectPath.c_str(), name.c_str(), H5P_DEFAULT) > 0) return readOne(name);
    std::vector<std::string> joined;
    for (int chunk = 0;; ++chunk) {
        const auto chunkName = name + std::to_string(chunk);
        if (H5Aexists_by_name(handle_, objectPath.c_str(), chunkName.c_str(), H5P_DEFAULT) <= 0) break;
        const auto part = readOne(chunkName);
        joined.insert(joined.end(), part.begin(), part.end());
    }
    if (joined.empty()) throw Error(where + " is missing");
    return joined;
}

std::vector<std::int64_t> Hdf5File::datasetShape(const std::string& datasetPath) const {
    std::lock_guard lock(hdf5Mutex());
    const auto where = path_.string() + ": dataset " + datasetPath;
    Handle dataset(H5Dopen2(handle_, datasetPath.c_str(), H5P_DEFAULT), H5Dclose);
    if (!dataset.valid()) throw Error(where + " cannot be opened");
    if (const auto outside = outsideStorage(dataset.get()); !outside.empty()) {
        throw Error(where + " " + outside + ", which is never read; weights files hold their own values");
    }
    Handle space(H5Dget_space(dataset.get()), H5Sclose);
    const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
    if (rank < 0 || rank > 32) throw Error(where + " has an unreadable shape");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0) {
        throw Error(where + " has an unreadable shape");
    }
    return {dims.begin(), dims.end()};
}

std::vector<float> Hdf5File::readFloats(const std::string& datasetPath) const {
    const auto shape = datasetShape(datasetPath);
    std::lock_guard lock(hdf5Mutex());
    const auto where = path_.string() + ": dataset " + datasetPath;
    Handle dataset(H5Dopen2(handle_, datasetPath.c_str(), H5P_DEFAULT), H5Dclose);
    Handle type(dataset.valid() ? H5Dget_type(dataset.get()) : -1, H5Tclose);
    if (!type.valid() || H5Tget_class(type.get()) != H5T_FLOAT)
        throw Error(where + " does not hold floating-point values");
    // The largest Keras application weight is VGG19's fc1 kernel, 102.8 M values; a damaged
    // header may declare any size (and overflow the product).
    constexpr std::uint64_t kMaxValues = 256ull << 20;
    std::uint64_t count = 1;
    for (const auto dim : shape) {
        if (dim < 0 || (dim > 0 && count > kMaxValues / static_cast<std::uint64_t>(dim))) {
            throw Error(where + " declares over " + std::to_string(kMaxValues >> 20) + " M values (not read)");
        }
        count *= static_cast<std::uint64_t>(dim);
    }
    std::vector<float> values(count);
    if (count > 0 && H5Dread(dataset.get(), H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
        throw Error(where + " cannot be read (the file is damaged or truncated)");
    }
    return values;
}

}  // namespace tl::internal
