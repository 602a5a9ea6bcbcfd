* 8T SRAM bitcell, 65 nm, as a PDK or a layout extraction gives it: the 6T latch with its write
* port (BL, BLB, WL) and a decoupled read port (RWL, RBL). Devices of the PTM 65 nm card
* (netlists/models/ptm65_bulk.pm); diffusion areas and perimeters as a layout would draw them, the
* read bitline's contact on its own diffusion, the stack node an uncontacted shared diffusion.
* Geometry differs from the bundled technology's read port (0.15 um / 65 nm, 0.1 um diffusions):
* the read driver is twice as wide as the access device, and the cell brings its own parasitics.
.subckt sram8t BL BLB RBL WL RWL VDD VSS
* latch (Q, QB)
MPD1 Q QB VSS VSS nmos W=0.2u L=65n
MPD2 QB Q VSS VSS nmos W=0.2u L=65n
MPU1 Q QB VDD VDD pmos W=0.1u L=65n
MPU2 QB Q VDD VDD pmos W=0.1u L=65n
* write port
MPG1 BL WL Q VSS nmos W=0.14u L=65n
MPG2 BLB WL QB VSS nmos W=0.14u L=65n
* read port: access device (gate RWL) over the read driver (gate QB)
MRA RBL RWL RN VSS nmos W=0.2u L=65n AD=0.024p AS=0.014p PD=0.44u PS=0.27u
MRD RN QB VSS VSS nmos W=0.3u L=65n
+ AD=0.021p AS=0.036p PD=0.37u PS=0.54u
* extracted parasitics on the read path
CRBL RBL VSS 0.05f
CRN RN VSS 0.02f
.ends sram8t
