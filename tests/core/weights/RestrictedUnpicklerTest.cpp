// The restricted unpickler on hand-written pickles: what it accepts, and that hostile or broken
// input is refused with tl::Error (never a crash, never a call).
#include <gtest/gtest.h>

#include <random>

#include "core/util/Error.h"
#include "core/weights/internal/RestrictedUnpickler.h"

namespace tl::internal {
namespace {

using namespace std::string_literals;

using Kind = PickleValue::Kind;

/// Builds pickle bytes opcode by opcode.
struct Pickle {
    std::string bytes;

    Pickle& raw(std::string_view text) {
        bytes.append(text);
        return *this;
    }
    Pickle& op(char opcode) {
        bytes += opcode;
        return *this;
    }
    Pickle& u8(int value) {
        bytes += static_cast<char>(value);
        return *this;
    }
    Pickle& u32(std::uint32_t value) {
        for (int i = 0; i < 4; ++i) bytes += static_cast<char>(value >> (8 * i));
        return *this;
    }
    Pickle& str(std::string_view text) { return op('X').u32(static_cast<std::uint32_t>(text.size())).raw(text); }
    Pickle& global(std::string_view module, std::string_view name) {
        return op('c').raw(module).raw("\n").raw(name).raw("\n");
    }
    Pickle& small(int value) { return op('K').u8(value); }
    Pickle& put(int index) { return op('q').u8(index); }
    Pickle& get(int index) { return op('h').u8(index); }
};

PickleDocument load(const std::string& bytes, const std::string& source = "test.pth") {
    RestrictedUnpickler unpickler(bytes, source);
    return unpickler.load();
}

/// torch.save's pickle for OrderedDict{"w": 2x3 float tensor in storage "0"} with _metadata.
std::string stateDictPickle(int numel = 6, int storageOffset = 0) {
    Pickle p;
    // memo 0: the OrderedDict class (torch.save memoizes each global), called again for the hooks.
    p.raw("\x80\x02").global("collections", "OrderedDict").put(0).op(')').op('R').put(1).op('(').str("w");
    p.global("torch._utils", "_rebuild_tensor_v2").op('(');
    p.op('(').str("storage").global("torch", "FloatStorage").str("0").str("cpu").small(numel).op('t').op('Q');
    p.small(storageOffset).small(2).small(3).op('\x86').small(3).small(1).op('\x86').op('\x89');
    p.get(0).op(')').op('R').op('t').op('R').op('u');
    p.op('}').str("_metadata").get(0).op(')').op('R').op('s').op('b').op('.');
    return p.bytes;
}

TEST(RestrictedUnpickler, ReadsAStateDictWithMetadata) {
    const auto doc = load(stateDictPickle());
    ASSERT_TRUE(doc.root.is(Kind::Dict));
    const auto* w = doc.find(doc.root, "w");
    ASSERT_NE(w, nullptr);
    ASSERT_TRUE(w->is(Kind::Tensor));
    const auto& tensor = doc.tensors[w->index];
    EXPECT_EQ(tensor.sizes, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(tensor.strides, (std::vector<std::int64_t>{3, 1}));
    EXPECT_EQ(tensor.extent, 6);
    const auto& storage = doc.storages[tensor.storage];
    EXPECT_EQ(storage.key, "0");
    EXPECT_EQ(storage.type, StorageType::Float32);
    EXPECT_EQ(storage.numel, 6);
}

TEST(RestrictedUnpickler, ReadsOldGpuTensorsOnStorageViews) {
    // torch 0.3: _rebuild_tensor(storage, offset, size, stride) on a view of a torch.cuda storage.
    Pickle p;
    p.raw("\x80\x02").global("torch._utils", "_rebuild_tensor").op('(');
    p.op('(').str("storage").global("torch.cuda", "FloatStorage").str("root").str("cuda:0").small(10);
    p.op('(').str("view").small(2).small(6).op('t').op('t').op('Q');
    p.small(1).small(2).small(2).op('\x86').small(2).small(1).op('\x86').op('t').op('R').op('.');
    const auto doc = load(p.bytes);
    ASSERT_TRUE(doc.root.is(Kind::Tensor));
    const auto& tensor = doc.tensors[doc.root.index];
    EXPECT_EQ(tensor.extent, 5);  // 1 + offset 1 + (2-1)*2 + (2-1)*1
    const auto& storage = doc.storages[tensor.storage];
    EXPECT_EQ(storage.key, "root");
    EXPECT_EQ(storage.elementOffset, 2);
    EXPECT_EQ(storage.numel, 6);
}

TEST(RestrictedUnpickler, RefusesOsSystemBeforeCallingIt) {
    Pickle p;
    p.raw("\x80\x02").global("posix", "system").str("touch /tmp/x").op('\x85').op('R').op('.');
    try {
        load(p.bytes, "evil.pth");
        FAIL() << "loaded";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "refusing to load evil.pth: it calls posix.system, which a weights file never needs");
    }
}

TEST(RestrictedUnpickler, RefusesStackGlobalOfBuiltinsEval) {
    Pickle p;
    p.raw("\x80\x04").op('\x8c').u8(8).raw("builtins").op('\x94').op('\x8c').u8(4).raw("eval").op('\x94');
    p.op('\x93').op('.');
    EXPECT_THROW(
        {
            try {
                load(p.bytes);
            } catch (const Error& e) {
                EXPECT_NE(std::string(e.what()).find("it calls builtins.eval"), std::string::npos) << e.what();
                throw;
            }
        },
        Error);
}

TEST(RestrictedUnpickler, RefusesOpcodesThatBuildArbitraryObjects) {
    const std::vector<std::string> hostile{
        "\x80\x02"
        "ccollections\nOrderedDict\n)\x81.",       // NEWOBJ
        "\x80\x02(icollections\nOrderedDict\n.",   // INST
        "\x80\x02(ccollections\nOrderedDict\no.",  // OBJ
        "\x80\x02\x82\x01.",                       // EXT1
        "\x80\x02Pid\n.",                          // PERSID
        "\x80\x02(iposix\nsystem\n.",              // INST naming a refused global
    };
    for (const auto& bytes : hostile) {
        SCOPED_TRACE(bytes);
        EXPECT_THROW(load(bytes), Error);
    }
}

TEST(RestrictedUnpickler, RejectsMalformedPickles) {
    const std::vector<std::pair<std::string, std::string>> broken{
        {"\x80\x02"
         "a."s,
         "stack underflow"},
        {"\x80\x02h\x05."s, "a memo entry is read before it is written"},
        {"\x80\x02]K\x01K\x02s."s, "SETITEM on something that is not a dict"},
        {"\x80\x02}K\x01"
         "a."s,
         "APPEND to something that is not a list"},
        {"\x80\x02}(K\x01u."s, "SETITEMS with an odd number of values"},
        {"\x80\x02K\x01t."s, "MARK expected"},
        {"\x80\x02K\x01K\x02."s, "STOP with 2 values on the stack"},
        {"\x80\x09N."s, "unknown pickle protocol"},
        {"\x80\x02\xff."s, "the pickle opcode 0xff is not used by weights files"},
        {"\x80\x02K\x01)R."s, "REDUCE calls something that is not a global"},
        {"\x80\x02]}b."s, "BUILD is applied to something other than an OrderedDict"},
        {"\x80\x02(X\x03\x00\x00\x00"
         "abcK\x00tQ."s,
         "a persistent id other than a storage"},
        {"\x80\x02(N."s, "STOP with 1 values on the stack"},
        {"."s, "STOP with 0 values on the stack"},
        {"\x80\x02X\xff\xff\xff\xff"
         "abc."s,
         "the data ends early"},
        {"\x80\x02\x8b\xff\xff\xff\x7f."s, "the data ends early"},
        {"\x80\x02"
         "ctorch\nFloatStorage\n)R."s,
         "torch.FloatStorage is called directly"},
        {"\x80\x02"
         "ccollections\nOrderedDict\nK\x01\x85R."s,
         "OrderedDict is called with arguments"},
    };
    for (const auto& [bytes, reason] : broken) {
        SCOPED_TRACE(testing::PrintToString(bytes));
        try {
            load(bytes);
            ADD_FAILURE() << "loaded";
        } catch (const Error& e) {
            const std::string message = e.what();
            EXPECT_NE(message.find("test.pth is damaged or not a PyTorch weights file: " + reason), std::string::npos)
                << message;
        }
    }
}

TEST(RestrictedUnpickler, RejectsTensorsOutsideTheirStorage) {
    EXPECT_NO_THROW(load(stateDictPickle(6, 0)));
    EXPECT_THROW(load(stateDictPickle(5, 0)), Error);  // 2x3 needs 6 elements
    EXPECT_THROW(load(stateDictPickle(6, 1)), Error);  // offset 1 reaches element 6
}

TEST(RestrictedUnpickler, EveryTruncationIsAnError) {
    const auto bytes = stateDictPickle();
    for (std::size_t length = 0; length < bytes.size(); ++length) {
        SCOPED_TRACE(length);
        EXPECT_THROW(load(bytes.substr(0, length)), Error);
    }
}

TEST(RestrictedUnpickler, RandomCorruptionNeverCrashes) {
    const auto original = stateDictPickle();
    std::mt19937 random(7);
    int refused = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        auto bytes = original;
        for (int flips = 1 + trial % 3; flips > 0; --flips) {
            bytes[random() % bytes.size()] = static_cast<char>(random() % 256);
        }
        try {
            load(bytes);
        } catch (const Error&) {
            ++refused;
        }
    }
    EXPECT_GT(refused, 0);
}

TEST(RestrictedUnpickler, DeepNestingAndCyclesDoNotOverflowTheStack) {
    std::string deep = "\x80\x02N" + std::string(1'000'000, '\x85') + ".";  // ((((None,),),),...)
    EXPECT_TRUE(load(deep).root.is(Kind::Tuple));
    const auto cyclic = load(
        "\x80\x02]q\x00h\x00"
        "a."s);  // a list that contains itself
    ASSERT_TRUE(cyclic.root.is(Kind::List));
    EXPECT_EQ(cyclic.sequences[cyclic.root.index].size(), 1u);
}

TEST(RestrictedUnpickler, ReadsScalarsAndStopsAtStop) {
    // [-2, 1001, 0x1950a86a20f9469cfc6c, 1.5, True, b"ab"] followed by unrelated bytes.
    Pickle p;
    p.raw("\x80\x02]q\x00("s).op('J').u32(0xfffffffe).op('M').u8(0xe9).u8(0x03);
    p.op('\x8a').u8(10).raw(std::string_view("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10));
    p.op('G').raw(std::string_view("\x3f\xf8\x00\x00\x00\x00\x00\x00", 8)).op('\x88');
    p.op('C').u8(2).raw("ab").op('e').op('.');
    const auto length = p.bytes.size();
    p.raw("trailing raw storage bytes");
    RestrictedUnpickler unpickler(p.bytes, "scalars.pth");
    const auto doc = unpickler.load();
    EXPECT_EQ(unpickler.position(), length);
    const auto& items = doc.sequences.at(doc.root.index);
    ASSERT_EQ(items.size(), 6u);
    EXPECT_EQ(items[0].integer, -2);
    EXPECT_EQ(items[1].integer, 1001);
    EXPECT_TRUE(items[2].is(Kind::BigInt));
    EXPECT_EQ(items[2].text().size(), 10u);
    EXPECT_DOUBLE_EQ(items[3].real, 1.5);
    EXPECT_TRUE(items[4].is(Kind::Bool) && items[4].integer == 1);
    EXPECT_EQ(items[5].text(), "ab");
}

// One 1 MB string read back 6,000 times (DUP and memo reads): every copy shares the one string,
// where copying it would take 6 GB.
TEST(RestrictedUnpickler, ARepeatedStringIsSharedNotCopied) {
    Pickle p;
    p.raw("\x80\x02("s);
    p.op('X').u32(1'000'000).raw(std::string(1'000'000, 'a'));
    p.op('q').u8(0);
    for (int i = 0; i < 3000; ++i) p.op('2');        // DUP
    for (int i = 0; i < 3000; ++i) p.op('h').u8(0);  // BINGET 0
    p.op('l').op('.');                               // LIST, STOP
    const auto doc = load(p.bytes, "dup-storm.pth");
    const auto& items = doc.sequences.at(doc.root.index);
    ASSERT_EQ(items.size(), 6001u);
    EXPECT_EQ(items.back().text().size(), 1'000'000u);
    EXPECT_EQ(&items.front().text(), &items.back().text()) << "one string, shared";
    EXPECT_EQ(&items.front().text(), &items[3000].text());
}

}  // namespace
}  // namespace tl::internal
