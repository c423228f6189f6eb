package mockplatform

import "time"

// SetClock makes the mock stamp what it creates and updates with now's
// time: two mocks seeded the same way and given the same clock then answer
// the same requests with the same bytes.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}
