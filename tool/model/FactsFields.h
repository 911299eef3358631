// FactsFields.h: every field of the facts structs (model/Facts.h, model/Summaries.h), listed once
// per struct in a `fields` function that each serialisation walks with its own visitor: a writer
// reads the fields, a reader fills them. FactsJson.cpp (JSON, for --dump-facts and the cache) and
// FactsMsgPack.cpp (MessagePack, for shard files) both use these lists, so a field added here is
// written and read back by both.
#pragma once

#include "model/Facts.h"

namespace racecheck::facts_fields {

template <class V> void fields(V &v, SourcePos &S) {
  v("File", S.File);
  v("Line", S.Line);
  v("Column", S.Column);
}

template <class V> void fields(V &v, HeldLock &L) {
  v("Mutex", L.Mutex);
  v("Name", L.Name);
  v("Shared", L.Shared);
  v("Epoch", L.Epoch);
  v("Coarse", L.Coarse);
  v("Path", L.Path);
  v("Exact", L.Exact);
  v("Inherited", L.Inherited);
}

template <class V> void fields(V &v, Access &A) {
  v("Var", A.Var);
  v("VarName", A.VarName);
  v("Kind", A.Kind);
  v("Pos", A.Pos);
  v("Locks", A.Locks);
  v("Running", A.Running);
  v("OnceInit", A.OnceInit);
  v("ViaThis", A.ViaThis);
  v("Param", A.Param);
  v("Path", A.Path);
  v("LockedBefore", A.LockedBefore);
  v("WaitedOn", A.WaitedOn);
  v("TypeChain", A.TypeChain);
}

template <class V> void fields(V &v, CallSite &C) {
  v("Callee", C.Callee);
  v("Pos", C.Pos);
  v("Locks", C.Locks);
  v("Running", C.Running);
  v("OnceInit", C.OnceInit);
  v("OnceControl", C.OnceControl);
  v("OnceFlagUnknown", C.OnceFlagUnknown);
  v("OnThis", C.OnThis);
  v("ObjectIsLocal", C.ObjectIsLocal);
  v("BoundArgs", C.BoundArgs);
  v("ParamArgs", C.ParamArgs);
  v("ObjectParam", C.ObjectParam);
  v("ArgPaths", C.ArgPaths);
  v("IndirectType", C.IndirectType);
  v("IndirectSlot", C.IndirectSlot);
  v("LockedBefore", C.LockedBefore);
  v("WaitedOn", C.WaitedOn);
}

template <class V> void fields(V &v, ThreadStart &T) {
  v("Id", T.Id);
  v("Entry", T.Entry);
  v("EntryName", T.EntryName);
  v("Api", T.Api);
  v("Pos", T.Pos);
  v("Repeated", T.Repeated);
  v("Deferred", T.Deferred);
  v("RunningBefore", T.RunningBefore);
  v("BoundArgs", T.BoundArgs);
  v("OwnArgs", T.OwnArgs);
  v("HandedOver", T.HandedOver);
  v("ArgPaths", T.ArgPaths);
  v("LocksAtStart", T.LocksAtStart);
  v("HandleSlot", T.HandleSlot);
  v("HeldUntilJoin", T.HeldUntilJoin);
  v("JoinedHere", T.JoinedHere);
  v("HandedTo", T.HandedTo);
}

template <class V> void fields(V &v, CheckThenActSite &C) {
  v("Var", C.Var);
  v("VarName", C.VarName);
  v("CheckPos", C.CheckPos);
  v("ActPos", C.ActPos);
  v("Reason", C.Reason);
  v("ActLocks", C.ActLocks);
}

template <class V> void fields(V &v, AtomicRmwSite &A) {
  v("Var", A.Var);
  v("VarName", A.VarName);
  v("LoadPos", A.LoadPos);
  v("StorePos", A.StorePos);
  v("Locks", A.Locks);
}

template <class V> void fields(V &v, LockAcquire &A) {
  v("Lock", A.Lock);
  v("Pos", A.Pos);
  v("Held", A.Held);
  v("Running", A.Running);
  v("Try", A.Try);
}

template <class V> void fields(V &v, UnloopedWait &W) {
  v("Pos", W.Pos);
  v("Call", W.Call);
  v("Timed", W.Timed);
}

template <class V> void fields(V &v, GuardedWriteCandidate &G) {
  v("CheckPos", G.CheckPos);
  v("WritePos", G.WritePos);
  v("Rechecked", G.Rechecked);
  v("InnerCheckPos", G.InnerCheckPos);
  v("NullTested", G.NullTested);
}

template <class V> void fields(V &v, EscapingCapture &C) {
  v("Local", C.Local);
  v("UsePos", C.UsePos);
  v("LocalPos", C.LocalPos);
  v("StartPos", C.StartPos);
  v("Api", C.Api);
  v("DetachPos", C.DetachPos);
}

template <class V> void fields(V &v, FunctionFacts &F) {
  v("Key", F.Key);
  v("Name", F.Name);
  v("Pos", F.Pos);
  v("IsCoroutine", F.IsCoroutine);
  v("LeaksThreads", F.LeaksThreads);
  v("KeptThreadJoins", F.KeptThreadJoins);
  v("Type", F.Type);
  v("AddressTaken", F.AddressTaken);
  v("AddressSlots", F.AddressSlots);
  v("DeclarationOnly", F.DeclarationOnly);
  v("Internal", F.Internal);
  v("Accesses", F.Accesses);
  v("Calls", F.Calls);
  v("Starts", F.Starts);
  v("CheckThenActs", F.CheckThenActs);
  v("AtomicRmws", F.AtomicRmws);
  v("Acquires", F.Acquires);
  v("UnloopedWaits", F.UnloopedWaits);
  v("GuardedWrites", F.GuardedWrites);
  v("EscapingCaptures", F.EscapingCaptures);
  v("ClassKey", F.ClassKey);
  v("ClassName", F.ClassName);
  v("PublicMethod", F.PublicMethod);
  v("Setter", F.Setter);
  v("CtorOrDtor", F.CtorOrDtor);
  v("ClassThreadSafe", F.ClassThreadSafe);
  v("ConfiguredEntry", F.ConfiguredEntry);
  v("ObjectlessApi", F.ObjectlessApi);
  v("ObjectParam", F.ObjectParam);
  v("IsLambda", F.IsLambda);
}

template <class V> void fields(V &v, GuardedField &G) {
  v("Field", G.Field);
  v("Mutex", G.Mutex);
  v("MutexName", G.MutexName);
}

template <class V> void fields(V &v, AddressTakenFunction &A) {
  v("Type", A.Type);
  v("Key", A.Key);
}

template <class V> void fields(V &v, MutexSym &M) {
  v("Root", M.Root);
  v("Inner", M.Inner);
  v("Key", M.Key);
  v("Name", M.Name);
  v("Coarse", M.Coarse);
  v("Path", M.Path);
}

template <class V> void fields(V &v, LockEffect &L) {
  v("Acquire", L.Acquire);
  v("Shared", L.Shared);
  v("Mutex", L.Mutex);
}

template <class V> void fields(V &v, StartWrapper &S) {
  v("Callable", S.Callable);
  v("Args", S.Args);
  v("Handle", S.Handle);
  v("Joins", S.Joins);
  v("InLoop", S.InLoop);
  v("Api", S.Api);
}

template <class V> void fields(V &v, FunctionSummary &S) {
  v("Locks", S.Locks);
  v("Start", S.Start);
  v("Joins", S.Joins);
  v("WaitsForAllJobs", S.WaitsForAllJobs);
  v("ReturnsFresh", S.ReturnsFresh);
}

template <class V> void fields(V &v, TranslationUnitFacts &U) {
  v("File", U.File);
  v("Functions", U.Functions);
  v("AddressTaken", U.AddressTaken);
  v("Errors", U.Errors);
  v("GuardedFields", U.GuardedFields);
  v("Summaries", U.Summaries);
  v("ExternalCallees", U.ExternalCallees);
}

}  // namespace racecheck::facts_fields
