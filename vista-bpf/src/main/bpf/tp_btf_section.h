/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A tp_btf program in a section of vista's own. libbpf resolves a tp_btf/ section's tracepoint in the
 * kernel's BTF, which it reads and parses itself for that (tens of milliseconds at every start); for
 * vista_tp_btf/ sections vista gives libbpf the tracepoint's BTF id from the BTF it has parsed already
 * (dev.vista.internal.libbpf.TracepointSections registers the section with libbpf).
 */
#ifndef TP_BTF_SECTION_H
#define TP_BTF_SECTION_H

#define VISTA_TP_BTF(tp) SEC("vista_tp_btf/" #tp)

#endif /* TP_BTF_SECTION_H */
