// INTERFACE STUB — replaced by the executor work (issue 3).
import Planner
import CShim
